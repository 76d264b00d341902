package io.consilium.llm.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, conservatively, that the alternatives of a {@code oneOf} never match the same value, so that the
 * grammar's "any one of them" is exactly JSON Schema's "exactly one of them". Provably disjoint: different JSON
 * types, disjoint sets of {@code const}/{@code enum} values, or objects that each require a property whose
 * {@code const}/{@code enum} values differ (a tagged union). Anything else may overlap, and the grammar could then
 * write a value that matches two alternatives and fails validation, so it is refused with a clear message.
 */
final class OneOfCheck {
    private static final int OBJECT = 1;
    private static final int ARRAY = 2;
    private static final int STRING = 4;
    private static final int NUMBER = 8;
    private static final int BOOLEAN = 16;
    private static final int NULL = 32;
    private static final int ANY = 63;

    /**
     * @param types    the JSON types the schema can produce (bits)
     * @param literals exactly the values it can produce, or null when not a finite list
     * @param tags     for object-only schemas: required properties whose values are a finite list
     */
    private record Shape(int types, List<JsonNode> literals, Map<String, List<JsonNode>> tags) {
        static final Shape UNKNOWN = new Shape(ANY, null, Map.of());
    }

    private final JsonNode root;

    OneOfCheck(JsonNode root) {
        this.root = root;
    }

    void requireDisjoint(JsonNode alternatives, String path) {
        List<Shape> shapes = new ArrayList<>();
        for (JsonNode alt : alternatives) {
            shapes.add(shape(alt, 0));
        }
        for (int i = 0; i < shapes.size(); i++) {
            for (int j = i + 1; j < shapes.size(); j++) {
                if (!disjoint(shapes.get(i), shapes.get(j))) {
                    throw new GrammarError("JSON schema at " + path + ": alternatives " + i + " and " + j
                            + " may both match one value, so 'exactly one' cannot be enforced by the output "
                            + "constraint; make them disjoint (different types, different const/enum values, or a "
                            + "required property with a different const in each) or use anyOf");
                }
            }
        }
    }

    private static boolean disjoint(Shape a, Shape b) {
        if ((a.types & b.types) == 0) {
            return true;
        }
        if (a.literals != null && b.literals != null) {
            for (JsonNode x : a.literals) {
                for (JsonNode y : b.literals) {
                    if (sameValue(x, y)) {
                        return false;
                    }
                }
            }
            return true;
        }
        if (a.types == OBJECT && b.types == OBJECT) {
            for (var e : a.tags.entrySet()) {
                List<JsonNode> other = b.tags.get(e.getKey());
                if (other != null && disjoint(new Shape(ANY, e.getValue(), Map.of()), new Shape(ANY, other, Map.of()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sameValue(JsonNode x, JsonNode y) {
        if (x.isNumber() && y.isNumber()) {
            return x.decimalValue().compareTo(y.decimalValue()) == 0;
        }
        return x.equals(y);
    }

    private Shape shape(JsonNode s, int depth) {
        if (depth > 32 || !s.isObject()) {
            return Shape.UNKNOWN;
        }
        if (s.has("$ref")) {
            String ref = s.get("$ref").asText();
            JsonNode target = null;
            if (ref.startsWith("#/$defs/")) {
                target = root.path("$defs").get(ref.substring(8));
            } else if (ref.startsWith("#/definitions/")) {
                target = root.path("definitions").get(ref.substring(14));
            }
            return target == null ? Shape.UNKNOWN : shape(target, depth + 1);
        }
        if (s.has("const")) {
            return literals(List.of(s.get("const")));
        }
        if (s.has("enum") && s.get("enum").isArray()) {
            List<JsonNode> values = new ArrayList<>();
            s.get("enum").forEach(values::add);
            return literals(values);
        }
        for (String key : List.of("anyOf", "oneOf")) {
            if (s.has(key) && s.get(key).isArray()) {
                int types = 0;
                List<JsonNode> values = new ArrayList<>();
                for (JsonNode alt : s.get(key)) {
                    Shape sh = shape(alt, depth + 1);
                    types |= sh.types;
                    if (values != null && sh.literals != null) {
                        values.addAll(sh.literals);
                    } else {
                        values = null;
                    }
                }
                return new Shape(types, values, Map.of());
            }
        }
        int types = 0;
        JsonNode type = s.get("type");
        if (type == null) {
            types = s.has("properties") ? OBJECT : s.has("items") ? ARRAY : ANY;
        } else if (type.isArray()) {
            for (JsonNode t : type) {
                types |= bit(t.asText());
            }
        } else {
            types = bit(type.asText());
        }
        Map<String, List<JsonNode>> tags = new HashMap<>();
        if (types == OBJECT && s.has("properties") && s.has("required")) {
            for (JsonNode r : s.get("required")) {
                JsonNode p = s.get("properties").get(r.asText());
                if (p != null) {
                    Shape ps = shape(p, depth + 1);
                    if (ps.literals != null) {
                        tags.put(r.asText(), ps.literals);
                    }
                }
            }
        }
        return new Shape(types, null, tags);
    }

    private static Shape literals(List<JsonNode> values) {
        int types = 0;
        for (JsonNode v : values) {
            types |= v.isObject() ? OBJECT : v.isArray() ? ARRAY : v.isTextual() ? STRING : v.isNumber() ? NUMBER
                    : v.isBoolean() ? BOOLEAN : NULL;
        }
        return new Shape(types, values, Map.of());
    }

    private static int bit(String type) {
        return switch (type) {
            case "object" -> OBJECT;
            case "array" -> ARRAY;
            case "string" -> STRING;
            case "number", "integer" -> NUMBER;
            case "boolean" -> BOOLEAN;
            case "null" -> NULL;
            default -> ANY;
        };
    }
}
