package io.consilium.llm.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads tool calls out of text that may still be growing. A call is what the model has written of it so far:
 * its name once the name is complete, and the raw text of its arguments up to where the model has got, so a
 * stream can send the name first and then the arguments piece by piece, the way OpenAI streams them. The text
 * of an argument value only ever grows: a piece sent is never taken back.
 */
final class CallScanner {
    /**
     * One call as far as it has been written.
     *
     * @param name the function name, or null while it is not complete
     * @param args the arguments text written so far (raw JSON), never shrinking while the call is written
     * @param done whether the call is complete
     * @param end  where in the scanned text the call ended (valid when done)
     * @param id   the call id the model wrote itself (Mistral's [CALL_ID]), or null
     */
    record Partial(String name, String args, boolean done, int end, String id) {
        Partial(String name, String args, boolean done, int end) {
            this(name, args, done, end, null);
        }
    }

    private CallScanner() {
    }

    /**
     * Scans one JSON object {@code {"name": ..., "arguments"|"parameters": {...}}} starting at {@code from}
     * (leading whitespace skipped). Returns null when the text there is not (the start of) such an object.
     * Arguments are only reported piecewise once the name is known and they are an object; otherwise they are
     * reported whole when the object completes (a string value is decoded).
     */
    static Partial jsonCall(String s, int from) {
        int i = skipWs(s, from);
        if (i >= s.length()) {
            return new Partial(null, "", false, i);
        }
        if (s.charAt(i) != '{') {
            return null;
        }
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        String name = null;
        int argsStart = -1;
        int argsEnd = -1;
        int keyStart = -1;
        String lastKey = null;
        boolean expectValue = false;
        int nameStart = -1;
        for (int p = i; p < s.length(); p++) {
            char c = s.charAt(p);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                    if (depth == 1 && keyStart >= 0) {
                        lastKey = decode(s.substring(keyStart, p + 1));
                        keyStart = -1;
                    } else if (depth == 1 && nameStart >= 0) {
                        name = decode(s.substring(nameStart, p + 1));
                        nameStart = -1;
                    }
                    if (depth == 1 && argsStart >= 0 && argsEnd < 0 && s.charAt(argsStart) == '"') {
                        argsEnd = p + 1;
                    }
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    inString = true;
                    if (depth == 1 && !expectValue) {
                        keyStart = p;
                    } else if (depth == 1 && expectValue) {
                        expectValue = false;
                        if ("name".equals(lastKey)) {
                            nameStart = p;
                        } else if (isArgsKey(lastKey)) {
                            argsStart = p;
                        }
                    }
                }
                case ':' -> expectValue = depth == 1;
                case ',' -> expectValue = false;
                case '{', '[' -> {
                    if (depth == 1 && expectValue) {
                        expectValue = false;
                        if (isArgsKey(lastKey)) {
                            argsStart = p;
                        }
                    }
                    depth++;
                }
                case '}', ']' -> {
                    depth--;
                    if (depth == 1 && argsStart >= 0 && argsEnd < 0) {
                        argsEnd = p + 1;
                    }
                    if (depth == 0) {
                        String args = argsStart < 0 ? "{}" : finalArgs(s.substring(argsStart, argsEnd));
                        return name == null ? null : new Partial(name, args, true, p + 1);
                    }
                }
                default -> {
                    if (depth == 1 && expectValue && !Character.isWhitespace(c)) {
                        expectValue = false; // a number, true/false/null: neither a name nor arguments
                    }
                }
            }
        }
        String args = "";
        if (name != null && argsStart >= 0 && s.charAt(argsStart) != '"') {
            args = s.substring(argsStart, argsEnd < 0 ? s.length() : argsEnd);
        }
        return new Partial(name, args, false, s.length());
    }

    private static boolean isArgsKey(String key) {
        return "arguments".equals(key) || "parameters".equals(key);
    }

    private static String finalArgs(String raw) {
        if (raw.startsWith("\"")) {
            return decode(raw);
        }
        return raw;
    }

    private static String decode(String jsonString) {
        try {
            JsonNode n = RequestParser.JSON.readTree(jsonString);
            return n.asText();
        } catch (Exception e) {
            return jsonString;
        }
    }

    /**
     * Where the JSON value starting at {@code from} ends (the index after it), or -1 while it is not complete.
     * Objects, arrays and strings end at their closing character; a bare literal ends at a delimiter.
     */
    static int valueEnd(String s, int from) {
        if (from >= s.length()) {
            return -1;
        }
        char first = s.charAt(from);
        if (first != '{' && first != '[' && first != '"') {
            for (int p = from; p < s.length(); p++) {
                char c = s.charAt(p);
                if (c == ',' || c == '[' || c == ']' || c == '}' || Character.isWhitespace(c)) {
                    return p;
                }
            }
            return -1;
        }
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int p = from; p < s.length(); p++) {
            char c = s.charAt(p);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                    if (depth == 0) {
                        return p + 1;
                    }
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    return p + 1;
                }
            }
        }
        return -1;
    }

    static int skipWs(CharSequence s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Calls separated by {@code sep} characters (',' or ';' and whitespace), stopping at {@code stop} or junk. */
    static List<Partial> jsonCalls(String s, int from, String seps, char stop) {
        List<Partial> out = new ArrayList<>();
        int i = from;
        while (true) {
            i = skipSeps(s, i, seps);
            if (i >= s.length() || s.charAt(i) == stop) {
                return out;
            }
            Partial p = jsonCall(s, i);
            if (p == null) {
                return out;
            }
            if (p.name() != null || !p.done()) {
                out.add(p);
            }
            if (!p.done()) {
                return out;
            }
            i = p.end();
        }
    }

    private static int skipSeps(String s, int i, String seps) {
        while (i < s.length() && (Character.isWhitespace(s.charAt(i)) || seps.indexOf(s.charAt(i)) >= 0)) {
            i++;
        }
        return i;
    }
}
