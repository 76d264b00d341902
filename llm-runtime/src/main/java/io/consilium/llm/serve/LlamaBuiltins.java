package io.consilium.llm.serve;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Llama 3.1/3.2's built-in tools, written after {@code <|python_tag|>} in Python syntax rather than JSON:
 * {@code brave_search.call(query="…")}, {@code wolfram_alpha.call(query="…")}, and for {@code code_interpreter} the
 * code itself. They become OpenAI calls only when the request offered a tool of that name: keyword arguments turn
 * into a JSON object, code into {@code {"code": "…"}}. While the text grows, the JSON only ever grows too (a string
 * value is escaped character by character, a half-written escape is held back), so it streams like any call.
 */
final class LlamaBuiltins {
    static final Set<String> NAMES = Set.of("brave_search", "wolfram_alpha", "code_interpreter");
    static final String CODE = "code_interpreter";
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

    private LlamaBuiltins() {
    }

    /**
     * The call at {@code i} in {@code s} (leading whitespace already skipped): null when no offered built-in can
     * start there, a partial without name while it cannot be told yet.
     */
    static CallScanner.Partial call(String s, int i, Set<String> offered, boolean ended) {
        int j = i;
        while (j < s.length() && isIdent(s.charAt(j))) {
            j++;
        }
        String ident = s.substring(i, j);
        String rest = s.substring(j);
        boolean named = !ident.isEmpty() && offered.contains(ident);
        if (named && rest.startsWith(".call(")) {
            return kwargs(s, ident, j + ".call(".length());
        }
        boolean mayBecomeNamed = !ended && (rest.isEmpty() ? mayPrefixOffered(ident, offered)
                : named && ".call(".startsWith(rest));
        if (mayBecomeNamed) {
            return new CallScanner.Partial(null, "", false, s.length());
        }
        if (offered.contains(CODE) && i < s.length()) {
            String code = s.substring(i);
            String args = "{\"code\": \"" + escape(code) + (ended ? "\"}" : "");
            return new CallScanner.Partial(CODE, args, ended, s.length());
        }
        return null;
    }

    private static boolean mayPrefixOffered(String ident, Set<String> offered) {
        for (String name : offered) {
            if (name.startsWith(ident)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isIdent(char c) {
        return c == '_' || c < 128 && Character.isLetterOrDigit(c);
    }

    /** Keyword arguments from {@code from} (just after the opening parenthesis) as JSON, as far as written. */
    private static CallScanner.Partial kwargs(String s, String name, int from) {
        StringBuilder json = new StringBuilder("{");
        int i = from;
        boolean first = true;
        while (true) {
            i = CallScanner.skipWs(s, i);
            if (i >= s.length()) {
                return partial(name, json, s);
            }
            if (s.charAt(i) == ')') {
                return new CallScanner.Partial(name, json.append('}').toString(), true, i + 1);
            }
            int k = i;
            while (k < s.length() && isIdent(s.charAt(k))) {
                k++;
            }
            if (k == i) {
                return partial(name, json, s);
            }
            String key = s.substring(i, k);
            int eq = CallScanner.skipWs(s, k);
            if (eq >= s.length()) {
                return partial(name, json, s);
            }
            if (s.charAt(eq) != '=') {
                return partial(name, json, s);
            }
            int v = CallScanner.skipWs(s, eq + 1);
            if (v >= s.length()) {
                return partial(name, json, s);
            }
            String sep = (first ? "" : ", ") + quote(key) + ": ";
            char q = s.charAt(v);
            int after;
            if (q == '"' || q == '\'') {
                StringBuilder text = new StringBuilder();
                int end = pyString(s, v + 1, q, text);
                json.append(sep).append('"').append(escape(text.toString()));
                if (end < 0) {
                    return partial(name, json, s);
                }
                json.append('"');
                after = end;
            } else {
                int e = v;
                while (e < s.length() && s.charAt(e) != ',' && s.charAt(e) != ')' && !Character.isWhitespace(s.charAt(e))) {
                    e++;
                }
                if (e >= s.length()) {
                    return partial(name, json, s);
                }
                json.append(sep).append(literal(s.substring(v, e)));
                after = e;
            }
            first = false;
            i = CallScanner.skipWs(s, after);
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
            } else if (i < s.length() && s.charAt(i) != ')') {
                return partial(name, json, s);
            }
        }
    }

    /** As far as written; also where the text stops being keyword arguments (what was read stays the call). */
    private static CallScanner.Partial partial(String name, StringBuilder json, String s) {
        return new CallScanner.Partial(name, json.toString(), false, s.length());
    }

    /** Reads a Python string body from {@code i} into {@code out}; the index after the closing quote, or -1. */
    private static int pyString(String s, int i, char q, StringBuilder out) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == q) {
                return i + 1;
            }
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= s.length()) {
                return -1; // a half-written escape: held back
            }
            char e = s.charAt(i + 1);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '\\', '\'', '"' -> out.append(e);
                case 'u' -> {
                    if (i + 6 > s.length()) {
                        return -1;
                    }
                    try {
                        out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                    } catch (NumberFormatException x) {
                        out.append("\\u");
                        i += 2;
                        continue;
                    }
                    i += 6;
                    continue;
                }
                default -> out.append('\\').append(e);
            }
            i += 2;
        }
        return -1;
    }

    private static String literal(String py) {
        return switch (py) {
            case "True" -> "true";
            case "False" -> "false";
            case "None" -> "null";
            default -> NUMBER.matcher(py).matches() ? py : '"' + escape(py) + '"';
        };
    }

    private static String quote(String s) {
        return '"' + escape(s) + '"';
    }

    /** JSON string escaping, one character at a time (so the escape of a prefix is a prefix of the escape). */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
