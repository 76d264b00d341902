package io.consilium.llm.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a JSON Schema to GBNF whose every sentence is JSON that validates against the schema. Supported:
 * {@code type} (string, number, integer, boolean, null, object, array, or a list of them), {@code properties},
 * {@code required}, {@code additionalProperties} (false, true or a schema), {@code items}, {@code minItems},
 * {@code maxItems}, {@code enum}, {@code const}, {@code anyOf}/{@code oneOf}, {@code $ref} to {@code #/$defs/..}
 * or {@code #/definitions/..} (recursion allowed), {@code minLength}/{@code maxLength}, integer
 * {@code minimum}/{@code maximum}/{@code exclusiveMinimum}/{@code exclusiveMaximum}. Objects are written with the
 * declared properties in declaration order; optional ones may be left out. {@code oneOf} is accepted when its
 * alternatives provably never match the same value (see {@link OneOfCheck}), else refused. Anything that
 * would let invalid output through ({@code pattern}, {@code allOf}, bounds on non-integers, ...) is refused with a
 * {@link GrammarError} rather than ignored.
 */
public final class JsonSchemaGrammar {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Digits allowed in an unbounded integer (keeps values exact as doubles and strings short). */
    private static final int MAX_DIGITS = 15;
    private static final Set<String> IGNORED = Set.of("$schema", "$id", "title", "description", "default",
            "examples", "$comment", "format", "$defs", "definitions", "readOnly", "writeOnly", "deprecated");

    private final JsonNode rootSchema;
    private final Map<String, String> rules = new LinkedHashMap<>();
    private final Set<String> refsDone = new HashSet<>();
    private int counter;

    private JsonSchemaGrammar(JsonNode rootSchema) {
        this.rootSchema = rootSchema;
    }

    /** GBNF for any JSON object (OpenAI's response_format json_object). */
    public static String anyObject() {
        JsonSchemaGrammar g = new JsonSchemaGrammar(JSON.createObjectNode());
        g.primitives();
        g.rules.put("root", "object");
        return g.render();
    }

    public static String toGbnf(String schemaJson) {
        try {
            return toGbnf(JSON.readTree(schemaJson));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new GrammarError("JSON schema is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public static String toGbnf(JsonNode schema) {
        JsonSchemaGrammar g = new JsonSchemaGrammar(schema);
        g.primitives();
        g.rules.put("root", "");
        g.rules.put("root", g.visit(schema, "#"));
        return g.render();
    }

    private String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("root ::= ").append(rules.get("root")).append('\n');
        rules.forEach((k, v) -> {
            if (!k.equals("root")) {
                sb.append(k).append(" ::= ").append(v).append('\n');
            }
        });
        return sb.toString();
    }

    private void primitives() {
        rules.put("ws", "\" \"?");
        rules.put("char", "[^\"\\\\\\x00-\\x1F] | \"\\\\\" ([\"\\\\/bfnrt] | \"u\" [0-9a-fA-F]{4})");
        rules.put("string", "\"\\\"\" char* \"\\\"\"");
        rules.put("integer", "\"-\"? (\"0\" | [1-9] [0-9]{0," + (MAX_DIGITS - 1) + "})");
        rules.put("number", "integer (\".\" [0-9]{1," + MAX_DIGITS + "})?");
        rules.put("boolean", "\"true\" | \"false\"");
        rules.put("null", "\"null\"");
        rules.put("value", "object | array | string | number | boolean | null");
        rules.put("object", "\"{\" ws ( string ws \":\" ws value ( ws \",\" ws string ws \":\" ws value )* )? ws \"}\"");
        rules.put("array", "\"[\" ws ( value ( ws \",\" ws value )* )? ws \"]\"");
    }

    private String fresh(String hint) {
        return "s" + (++counter) + "-" + hint.replaceAll("[^a-zA-Z0-9]", "").toLowerCase();
    }

    private String visit(JsonNode s, String path) {
        if (s.isBoolean()) {
            if (!s.booleanValue()) {
                throw new GrammarError("JSON schema at " + path + " is 'false': nothing can match it");
            }
            return "value";
        }
        if (!s.isObject()) {
            throw new GrammarError("JSON schema at " + path + " must be an object or a boolean");
        }
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!IGNORED.contains(k) && !KNOWN.contains(k)) {
                throw new GrammarError("JSON schema at " + path + ": keyword '" + k + "' is not supported by the "
                        + "output constraint; remove it or use one of " + KNOWN);
            }
        }
        if (s.has("$ref")) {
            return ref(s.get("$ref").asText(), path);
        }
        if (s.has("const")) {
            return literal(s.get("const"));
        }
        if (s.has("enum")) {
            JsonNode e = s.get("enum");
            if (!e.isArray() || e.isEmpty()) {
                throw new GrammarError("JSON schema at " + path + "/enum must be a non-empty array");
            }
            List<String> alts = new ArrayList<>();
            e.forEach(v -> alts.add(literal(v)));
            return "(" + String.join(" | ", alts) + ")";
        }
        for (String key : List.of("anyOf", "oneOf")) {
            if (s.has(key)) {
                JsonNode list = s.get(key);
                if (!list.isArray() || list.isEmpty()) {
                    throw new GrammarError("JSON schema at " + path + "/" + key + " must be a non-empty array");
                }
                if (key.equals("oneOf")) {
                    new OneOfCheck(rootSchema).requireDisjoint(list, path + "/oneOf");
                }
                List<String> alts = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    alts.add(visit(list.get(i), path + "/" + key + "/" + i));
                }
                return "(" + String.join(" | ", alts) + ")";
            }
        }
        JsonNode type = s.get("type");
        if (type == null) {
            if (s.has("properties")) {
                return object(s, path);
            }
            if (s.has("items")) {
                return array(s, path);
            }
            return "value";
        }
        if (type.isArray()) {
            List<String> alts = new ArrayList<>();
            for (JsonNode t : type) {
                alts.add(typed(t.asText(), s, path));
            }
            return "(" + String.join(" | ", alts) + ")";
        }
        return typed(type.asText(), s, path);
    }

    private static final Set<String> KNOWN = Set.of("type", "properties", "required", "additionalProperties",
            "items", "minItems", "maxItems", "enum", "const", "anyOf", "oneOf", "$ref", "minLength", "maxLength",
            "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum");

    private String typed(String type, JsonNode s, String path) {
        return switch (type) {
            case "string" -> string(s, path);
            case "integer" -> integer(s, path);
            case "number" -> number(s, path);
            case "boolean" -> "boolean";
            case "null" -> "null";
            case "object" -> object(s, path);
            case "array" -> array(s, path);
            default -> throw new GrammarError("JSON schema at " + path + ": unknown type '" + type + "'");
        };
    }

    private String string(JsonNode s, String path) {
        int min = intKeyword(s, "minLength", 0, path);
        int max = intKeyword(s, "maxLength", -1, path);
        if (min == 0 && max < 0) {
            return "string";
        }
        if (max >= 0 && max < min) {
            throw new GrammarError("JSON schema at " + path + ": maxLength is below minLength");
        }
        String name = fresh(path.substring(path.lastIndexOf('/') + 1) + "-str");
        rules.put(name, "\"\\\"\" char{" + min + "," + (max < 0 ? "" : String.valueOf(max)) + "} \"\\\"\"");
        return name;
    }

    /**
     * Numbers between integer bounds: an integer part below the upper bound with any fraction, or the bound itself
     * exactly (likewise mirrored for negative values). Fractional or exclusive bounds are refused.
     */
    private String number(JsonNode s, String path) {
        if (s.has("exclusiveMinimum") || s.has("exclusiveMaximum")) {
            throw new GrammarError("JSON schema at " + path + ": exclusive bounds on 'number' are not supported by "
                    + "the output constraint; use minimum/maximum or 'integer'");
        }
        if (!s.has("minimum") && !s.has("maximum")) {
            return "number";
        }
        long big = pow10(MAX_DIGITS) - 1;
        long lo = s.has("minimum") ? integralBound(s.get("minimum"), path) : -big;
        long hi = s.has("maximum") ? integralBound(s.get("maximum"), path) : big;
        if (lo > hi) {
            throw new GrammarError("JSON schema at " + path + ": minimum is above maximum");
        }
        String frac = "(\".\" [0-9]{1," + MAX_DIGITS + "})?";
        List<String> alts = new ArrayList<>();
        if (hi >= 0) {
            long from = Math.max(lo, 0);
            if (hi - 1 >= from) {
                alts.add("(" + IntegerRanges.gbnf(from, hi - 1) + ") " + frac);
            }
            alts.add("\"" + hi + "\"");
        }
        if (lo < 0) {
            long mFrom = hi < 0 ? -hi : 0;
            if (-lo - 1 >= mFrom) {
                alts.add("\"-\" (" + IntegerRanges.gbnf(mFrom, -lo - 1) + ") " + frac);
            }
            alts.add("\"" + lo + "\"");
        }
        String name = fresh(path.substring(path.lastIndexOf('/') + 1) + "-num");
        rules.put(name, String.join(" | ", alts));
        return name;
    }

    private static long integralBound(JsonNode n, String path) {
        if (!n.isNumber() || n.asDouble() != Math.rint(n.asDouble())) {
            throw new GrammarError("JSON schema at " + path + ": only whole-number bounds on 'number' are supported "
                    + "by the output constraint, got " + n);
        }
        return n.asLong();
    }

    private String integer(JsonNode s, String path) {
        long lo = -(pow10(MAX_DIGITS) - 1);
        long hi = pow10(MAX_DIGITS) - 1;
        boolean bounded = false;
        if (s.has("minimum")) {
            lo = Math.max(lo, ceil(s.get("minimum"), path));
            bounded = true;
        }
        if (s.has("exclusiveMinimum") && s.get("exclusiveMinimum").isNumber()) {
            lo = Math.max(lo, (long) Math.floor(s.get("exclusiveMinimum").asDouble()) + 1);
            bounded = true;
        }
        if (s.has("maximum")) {
            hi = Math.min(hi, (long) Math.floor(s.get("maximum").asDouble()));
            bounded = true;
        }
        if (s.has("exclusiveMaximum") && s.get("exclusiveMaximum").isNumber()) {
            hi = Math.min(hi, (long) Math.ceil(s.get("exclusiveMaximum").asDouble()) - 1);
            bounded = true;
        }
        if (!bounded) {
            return "integer";
        }
        if (lo > hi) {
            throw new GrammarError("JSON schema at " + path + ": no integer lies within the bounds");
        }
        String name = fresh(path.substring(path.lastIndexOf('/') + 1) + "-int");
        rules.put(name, IntegerRanges.gbnf(lo, hi));
        return name;
    }

    private static long ceil(JsonNode n, String path) {
        if (!n.isNumber()) {
            throw new GrammarError("JSON schema at " + path + ": minimum must be a number");
        }
        return (long) Math.ceil(n.asDouble());
    }

    private static long pow10(int n) {
        long v = 1;
        for (int i = 0; i < n; i++) {
            v *= 10;
        }
        return v;
    }

    private String object(JsonNode s, String path) {
        JsonNode props = s.get("properties");
        JsonNode req = s.get("required");
        JsonNode extra = s.get("additionalProperties");
        Set<String> declared = new HashSet<>();
        if (props != null) {
            props.fieldNames().forEachRemaining(declared::add);
        }
        if (req != null) {
            for (JsonNode r : req) {
                if (!declared.contains(r.asText())) {
                    if (extra != null && extra.isBoolean() && !extra.booleanValue()) {
                        throw new GrammarError("JSON schema at " + path + ": required property '" + r.asText()
                                + "' is not declared and additionalProperties is false");
                    }
                    throw new GrammarError("JSON schema at " + path + ": required property '" + r.asText()
                            + "' has no schema under 'properties'; declare it");
                }
            }
        }
        if (declared.isEmpty()) {
            if (extra != null && extra.isObject()) {
                String v = visit(extra, path + "/additionalProperties");
                String name = fresh(path.substring(path.lastIndexOf('/') + 1) + "-map");
                rules.put(name, "\"{\" ws ( string ws \":\" ws " + v + " ( ws \",\" ws string ws \":\" ws " + v
                        + " )* )? ws \"}\"");
                return name;
            }
            return extra != null && extra.isBoolean() && !extra.booleanValue() ? "\"{\" ws \"}\"" : "object";
        }
        Set<String> required = new HashSet<>();
        if (req != null) {
            req.forEach(r -> required.add(r.asText()));
        }
        List<String> pairs = new ArrayList<>();
        List<Boolean> needed = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String v = visit(e.getValue(), path + "/properties/" + e.getKey());
            pairs.add(literal(JSON.getNodeFactory().textNode(e.getKey())) + " ws \":\" ws " + v);
            needed.add(required.contains(e.getKey()));
        }
        String base = path.substring(path.lastIndexOf('/') + 1);
        // rest_i: properties i.. after at least one was written (each behind a comma); first_i: none written yet.
        // Optional properties may be left out; the declared order is kept (JSON objects are unordered anyway).
        String rest = null;
        String first = null;
        for (int i = pairs.size() - 1; i >= 0; i--) {
            String then = rest == null ? "" : " " + rest;
            String r = fresh(base + "-rest");
            String f = fresh(base + "-first");
            if (needed.get(i)) {
                rules.put(r, "ws \",\" ws " + pairs.get(i) + then);
                rules.put(f, pairs.get(i) + then);
            } else {
                rules.put(r, "( ws \",\" ws " + pairs.get(i) + " )?" + then);
                rules.put(f, first == null ? "( " + pairs.get(i) + " )?" : pairs.get(i) + then + " | " + first);
            }
            rest = r;
            first = f;
        }
        String name = fresh(base + "-obj");
        rules.put(name, "\"{\" ws " + first + " ws \"}\"");
        return name;
    }

    private String array(JsonNode s, String path) {
        JsonNode items = s.get("items");
        String item = items == null ? "value" : visit(items, path + "/items");
        int min = intKeyword(s, "minItems", 0, path);
        int max = intKeyword(s, "maxItems", -1, path);
        if (max >= 0 && max < min) {
            throw new GrammarError("JSON schema at " + path + ": maxItems is below minItems");
        }
        String name = fresh(path.substring(path.lastIndexOf('/') + 1) + "-arr");
        if (max == 0) {
            rules.put(name, "\"[\" ws \"]\"");
            return name;
        }
        String more = "( ws \",\" ws " + item + " ){" + Math.max(0, min - 1) + "," + (max < 0 ? "" : String.valueOf(max - 1)) + "}";
        String inner = item + " " + more;
        rules.put(name, "\"[\" ws " + (min == 0 ? "( " + inner + " )?" : inner) + " ws \"]\"");
        return name;
    }

    private String ref(String ref, String path) {
        String prefix = ref.startsWith("#/$defs/") ? "#/$defs/" : ref.startsWith("#/definitions/") ? "#/definitions/" : null;
        if (prefix == null) {
            throw new GrammarError("JSON schema at " + path + ": $ref '" + ref + "' is not supported; use "
                    + "#/$defs/Name or #/definitions/Name");
        }
        String defName = ref.substring(prefix.length());
        JsonNode target = rootSchema.path(prefix.substring(2, prefix.length() - 1)).get(defName);
        if (target == null) {
            throw new GrammarError("JSON schema at " + path + ": $ref '" + ref + "' points at nothing");
        }
        String name = "ref-" + defName.replaceAll("[^a-zA-Z0-9]", "-");
        if (refsDone.add(name)) {
            rules.put(name, "");
            rules.put(name, visit(target, ref.substring(1)));
        }
        return name;
    }

    private static int intKeyword(JsonNode s, String key, int def, String path) {
        JsonNode n = s.get(key);
        if (n == null) {
            return def;
        }
        if (!n.canConvertToInt() || n.asInt() < 0 || n.asInt() > 10_000) {
            throw new GrammarError("JSON schema at " + path + ": " + key + " must be an integer in 0..10000");
        }
        return n.asInt();
    }

    /** The exact JSON text of a value, as a GBNF literal. */
    static String literal(JsonNode v) {
        String json;
        try {
            json = JSON.writeValueAsString(v);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder sb = new StringBuilder("\"");
        json.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (cp < 0x20) {
                        sb.append(String.format("\\x%02X", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        return sb.append('"').toString();
    }
}
