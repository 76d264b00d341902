package io.consilium.llm.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a model family writes tool calls, chosen from its chat template:
 * <ul>
 * <li>HERMES (Qwen 2.5/3, Hermes, and the ChatML fallback): {@code <tool_call>{"name":…,"arguments":{…}}</tool_call>}
 * blocks;</li>
 * <li>LLAMA3 (Llama 3.1/3.2): a bare {@code {"name":…,"parameters":{…}}} object opening the answer, or any such
 * objects after {@code <|python_tag|>}, several separated by {@code ;}; after the tag also the built-in tools'
 * Python syntax ({@link LlamaBuiltins}) when the request offered them;</li>
 * <li>MISTRAL (v3 tokenizers, Nemo): {@code [TOOL_CALLS][{"name":…,"arguments":{…}}, …]};</li>
 * <li>MISTRAL11 (v11+ tokenizers: Mistral Small 3.2, Devstral, Magistral, Ministral 3):
 * {@code [TOOL_CALLS]NAME[ARGS]{…}} per call, optionally {@code [CALL_ID]ID} before {@code [ARGS]}; both Mistral
 * formats read both shapes, they differ in what a forced call is made to look like;</li>
 * <li>DEEPSEEK (V3/R1): {@code <｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>NAME\n```json\nARGS\n```
 * <｜tool▁call▁end｜>…<｜tool▁calls▁end｜>}.</li>
 * </ul>
 * Each format knows the marker that opens a call region, how to read calls (also while they are still being
 * written), when a region can no longer be calls, and how to wrap a call grammar so a forced call comes out in the
 * model's own format.
 */
enum ToolFormat {
    HERMES("<tool_call>"),
    LLAMA3("<|python_tag|>"),
    MISTRAL("[TOOL_CALLS]"),
    MISTRAL11("[TOOL_CALLS]"),
    DEEPSEEK("<｜tool▁calls▁begin｜>");

    static final String DS_CALL = "<｜tool▁call▁begin｜>";
    static final String DS_SEP = "<｜tool▁sep｜>";
    static final String DS_CALL_END = "<｜tool▁call▁end｜>";
    static final String DS_END = "<｜tool▁calls▁end｜>";
    static final String M_ARGS = "[ARGS]";
    static final String M_CALL_ID = "[CALL_ID]";
    private static final Pattern HERMES_CLOSE = Pattern.compile("\\s*</tool_call>");
    private static final Set<String> CALL_KEYS = Set.of("name", "type", "function", "parameters", "arguments");

    /** The text that opens a call region (for LLAMA3 a bare '{' opening the answer opens one too). */
    final String marker;

    ToolFormat(String marker) {
        this.marker = marker;
    }

    static ToolFormat of(String templateSource) {
        if (templateSource.contains("<tool_call>")) {
            return HERMES;
        }
        if (templateSource.contains("[TOOL_CALLS]")) {
            return templateSource.contains(M_ARGS) ? MISTRAL11 : MISTRAL;
        }
        if (templateSource.contains("tool▁calls▁begin") || templateSource.contains("tool▁call▁begin")) {
            return DEEPSEEK;
        }
        if (templateSource.contains("<|python_tag|>")
                || templateSource.contains("<|start_header_id|>") && templateSource.contains("\"parameters\"")) {
            return LLAMA3;
        }
        return HERMES;
    }

    /**
     * Every marker text this format writes around calls. Vocabularies that have one as a control token (Mistral's
     * {@code [TOOL_CALLS]}, Llama's {@code <|python_tag|>}) expect the model to write that token: the service shows
     * its text in answers and lets grammars offer it.
     */
    List<String> markers() {
        return switch (this) {
            case HERMES -> List.of(marker, "</tool_call>");
            case LLAMA3, MISTRAL -> List.of(marker);
            case MISTRAL11 -> List.of(marker, M_ARGS, M_CALL_ID);
            case DEEPSEEK -> List.of(marker, DS_CALL, DS_SEP, DS_CALL_END, DS_END);
        };
    }

    /** The key the arguments object goes under in the call JSON. */
    String argumentsKey() {
        return this == LLAMA3 ? "parameters" : "arguments";
    }

    /** Whether the model writes the function name outside the arguments JSON (so a forced call spells it). */
    boolean nameOutsideJson() {
        return this == MISTRAL11 || this == DEEPSEEK;
    }

    /** Whether call ids must be Mistral's 9 alphanumerics. */
    boolean mistral() {
        return this == MISTRAL || this == MISTRAL11;
    }

    /** The calls in the region after the marker, as far as they are written. */
    List<CallScanner.Partial> calls(String region) {
        return calls(region, Set.of(), false);
    }

    /**
     * The calls in the region after the marker, as far as they are written.
     *
     * @param builtins Llama built-in tools the request offered (their Python syntax is read as calls)
     * @param ended    whether the answer is complete (a call that can only end with the answer ends here)
     */
    List<CallScanner.Partial> calls(String region, Set<String> builtins, boolean ended) {
        return switch (this) {
            case HERMES -> hermes(region, ended);
            case LLAMA3 -> {
                int i = CallScanner.skipWs(region, 0);
                if (i < region.length() && region.charAt(i) == '{') {
                    yield CallScanner.jsonCalls(region, i, ";", '\u0000');
                }
                CallScanner.Partial p = i < region.length() ? LlamaBuiltins.call(region, i, builtins, ended) : null;
                yield p == null ? List.of() : List.of(p);
            }
            case MISTRAL, MISTRAL11 -> {
                int i = CallScanner.skipWs(region, 0);
                if (i < region.length() && region.charAt(i) == '[') {
                    yield CallScanner.jsonCalls(region, i + 1, ",", ']');
                }
                yield mistral11(region, i);
            }
            case DEEPSEEK -> deepseek(region);
        };
    }

    /**
     * Whether a region that holds no named call yet can no longer become one (so what was held back is content).
     */
    boolean impossible(String region, Set<String> builtins, boolean ended) {
        int i = CallScanner.skipWs(region, 0);
        if (i >= region.length()) {
            return ended;
        }
        String rest = region.substring(i);
        return switch (this) {
            case HERMES -> notJsonCall(region, i);
            case LLAMA3 -> rest.startsWith("{") ? notJsonCall(region, i)
                    : LlamaBuiltins.call(region, i, builtins, ended) == null;
            case MISTRAL, MISTRAL11 -> {
                if (rest.startsWith("[")) {
                    int j = CallScanner.skipWs(region, i + 1);
                    yield j < region.length() && notJsonCall(region, j);
                }
                int j = i;
                while (j < region.length() && isNameChar(region.charAt(j))) {
                    j++;
                }
                if (j >= region.length()) {
                    yield ended;
                }
                String after = region.substring(j);
                yield j == i || !(compatible(after, M_ARGS) || compatible(after, M_CALL_ID));
            }
            case DEEPSEEK -> !compatible(rest, DS_CALL);
        };
    }

    /**
     * Whether the object at {@code i} cannot be a call: not an object, a first key no call object has, a name that
     * is not a string, or complete without a name. Decided as early as the text allows.
     */
    private static boolean notJsonCall(String s, int i) {
        if (s.charAt(i) != '{') {
            return true;
        }
        int k = CallScanner.skipWs(s, i + 1);
        if (k >= s.length()) {
            return false;
        }
        if (s.charAt(k) != '"') {
            return true;
        }
        int close = s.indexOf('"', k + 1);
        if (close >= 0) {
            String key = s.substring(k + 1, close);
            if (!CALL_KEYS.contains(key)) {
                return true;
            }
            int colon = CallScanner.skipWs(s, close + 1);
            if (colon < s.length() && s.charAt(colon) != ':') {
                return true;
            }
            int v = CallScanner.skipWs(s, colon + 1);
            if (key.equals("name") && colon < s.length() && v < s.length() && s.charAt(v) != '"') {
                return true;
            }
        } else if (!prefixOfAny(s.substring(k + 1))) {
            return true;
        }
        CallScanner.Partial p = CallScanner.jsonCall(s, i);
        return p == null;
    }

    private static boolean prefixOfAny(String keyStart) {
        for (String k : CALL_KEYS) {
            if (k.startsWith(keyStart)) {
                return true;
            }
        }
        return false;
    }

    /** Whether text that follows complete calls may still be the start of more calls in the same region. */
    boolean continues(String rest) {
        String r = rest.stripLeading();
        if (r.isEmpty()) {
            return true;
        }
        return switch (this) {
            case HERMES -> compatible(r, "<tool_call>");
            case LLAMA3 -> r.startsWith(";");
            case MISTRAL, MISTRAL11 -> compatible(r, marker) || r.startsWith(",");
            case DEEPSEEK -> compatible(r, DS_CALL) || compatible(r, DS_END);
        };
    }

    /** Whether one text may be the start of the other. */
    static boolean compatible(String text, String token) {
        return token.startsWith(text) || text.startsWith(token);
    }

    private static boolean isNameChar(char c) {
        return c == '_' || c == '-' || c == '.' || c < 128 && Character.isLetterOrDigit(c);
    }

    /** v11+: {@code NAME[ARGS]{…}} (or {@code NAME[CALL_ID]ID[ARGS]{…}}) from {@code i}, repeated after the marker. */
    private static List<CallScanner.Partial> mistral11(String region, int i) {
        List<CallScanner.Partial> out = new ArrayList<>();
        while (true) {
            int j = i;
            while (j < region.length() && isNameChar(region.charAt(j))) {
                j++;
            }
            if (j == i || j >= region.length()) {
                if (j > i) {
                    out.add(new CallScanner.Partial(null, "", false, region.length()));
                }
                return out;
            }
            String name = region.substring(i, j);
            String id = null;
            int k = j;
            if (region.startsWith(M_CALL_ID, k)) {
                int idStart = k + M_CALL_ID.length();
                int idEnd = region.indexOf('[', idStart);
                if (idEnd < 0) {
                    out.add(new CallScanner.Partial(null, "", false, region.length()));
                    return out;
                }
                id = region.substring(idStart, idEnd).strip();
                k = idEnd;
            }
            if (!region.startsWith(M_ARGS, k)) {
                if (M_ARGS.startsWith(region.substring(k)) || M_CALL_ID.startsWith(region.substring(k))) {
                    out.add(new CallScanner.Partial(null, "", false, region.length()));
                }
                return out;
            }
            int argsStart = CallScanner.skipWs(region, k + M_ARGS.length());
            int end = CallScanner.valueEnd(region, argsStart);
            if (end < 0) {
                String args = argsStart < region.length() ? region.substring(argsStart) : "";
                out.add(new CallScanner.Partial(name, args, false, region.length(), id));
                return out;
            }
            out.add(new CallScanner.Partial(name, region.substring(argsStart, end), true, end, id));
            int next = CallScanner.skipWs(region, end);
            if (!region.startsWith(MISTRAL11.marker, next)) {
                return out;
            }
            i = next + MISTRAL11.marker.length();
        }
    }

    private static List<CallScanner.Partial> hermes(String region, boolean ended) {
        List<CallScanner.Partial> out = new ArrayList<>();
        int i = 0;
        while (true) {
            CallScanner.Partial p = CallScanner.jsonCall(region, i);
            if (p == null) {
                return out;
            }
            if (!p.done()) {
                out.add(p);
                return out;
            }
            Matcher close = HERMES_CLOSE.matcher(region).region(p.end(), region.length());
            if (!close.lookingAt()) {
                // complete only once the block closes (or the answer ends): until then it is still being written
                out.add(new CallScanner.Partial(p.name(), p.args(), ended, p.end()));
                return out;
            }
            out.add(new CallScanner.Partial(p.name(), p.args(), true, close.end()));
            int next = CallScanner.skipWs(region, close.end());
            if (!region.startsWith("<tool_call>", next)) {
                return out;
            }
            i = next + "<tool_call>".length();
        }
    }

    private static List<CallScanner.Partial> deepseek(String region) {
        List<CallScanner.Partial> out = new ArrayList<>();
        int i = 0;
        while (true) {
            i = CallScanner.skipWs(region, i);
            if (!region.startsWith(DS_CALL, i)) {
                return out;
            }
            int sep = region.indexOf(DS_SEP, i);
            if (sep < 0) {
                out.add(new CallScanner.Partial(null, "", false, region.length()));
                return out;
            }
            int nl = region.indexOf('\n', sep);
            if (nl < 0) {
                out.add(new CallScanner.Partial(null, "", false, region.length()));
                return out;
            }
            String name = region.substring(sep + DS_SEP.length(), nl).strip();
            int fence = region.indexOf("```", nl);
            if (fence < 0) {
                out.add(new CallScanner.Partial(name, "", false, region.length()));
                return out;
            }
            int body = region.indexOf('\n', fence);
            if (body < 0) {
                out.add(new CallScanner.Partial(name, "", false, region.length()));
                return out;
            }
            body++;
            int close = region.indexOf("\n```", body);
            if (close < 0) {
                // hold back a tail that may be the start of the closing fence
                String args = region.substring(body);
                for (String tail : new String[] {"\n``", "\n`", "\n"}) {
                    if (args.endsWith(tail)) {
                        args = args.substring(0, args.length() - tail.length());
                        break;
                    }
                }
                out.add(new CallScanner.Partial(name, args, false, region.length()));
                return out;
            }
            String args = region.substring(body, close);
            int after = close + 4;
            int end = region.indexOf(DS_CALL_END, after);
            if (end < 0) {
                out.add(new CallScanner.Partial(name, args, false, region.length()));
                return out;
            }
            i = end + DS_CALL_END.length();
            out.add(new CallScanner.Partial(name, args, true, i));
        }
    }

    /** The region's length up to the end of the calls (what follows is content). */
    int regionEnd(String region, List<CallScanner.Partial> calls) {
        if (calls.isEmpty()) {
            return 0;
        }
        int end = calls.get(calls.size() - 1).end();
        if (mistral()) {
            int i = CallScanner.skipWs(region, end);
            if (i < region.length() && region.charAt(i) == ']') {
                end = i + 1;
            }
        } else if (this == DEEPSEEK) {
            int i = CallScanner.skipWs(region, end);
            if (region.startsWith(DS_END, i)) {
                end = i + DS_END.length();
            }
        }
        return end;
    }

    /** GBNF for one forced call in this format; {@code call} is a rule for the JSON call object. */
    String wrap(String callRule) {
        return switch (this) {
            case HERMES -> "root ::= \"<tool_call>\\n\" " + callRule + " \"\\n</tool_call>\"\n";
            case LLAMA3 -> "root ::= " + callRule + "\n";
            case MISTRAL -> "root ::= \"[TOOL_CALLS][\" " + callRule + " \"]\"\n";
            case MISTRAL11 -> "root ::= \"[TOOL_CALLS]\" " + callRule + "\n";
            case DEEPSEEK -> "root ::= \"" + DEEPSEEK.marker + DS_CALL + "function" + DS_SEP + "\" " + callRule
                    + " \"" + DS_CALL_END + DS_END + "\"\n";
        };
    }
}
