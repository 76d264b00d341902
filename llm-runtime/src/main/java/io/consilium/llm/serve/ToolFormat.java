package io.consilium.llm.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a model family writes tool calls, chosen from its chat template:
 * <ul>
 * <li>HERMES (Qwen 2.5/3, Hermes, and the ChatML fallback): {@code <tool_call>{"name":…,"arguments":{…}}</tool_call>}
 * blocks;</li>
 * <li>LLAMA3 (Llama 3.1/3.2): a bare {@code {"name":…,"parameters":{…}}} object, optionally after
 * {@code <|python_tag|>}, several separated by {@code ;};</li>
 * <li>MISTRAL: {@code [TOOL_CALLS][{"name":…,"arguments":{…}}, …]};</li>
 * <li>DEEPSEEK (V3/R1): {@code <｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>NAME\n```json\nARGS\n```
 * <｜tool▁call▁end｜>…<｜tool▁calls▁end｜>}.</li>
 * </ul>
 * Each format knows where a call region starts, how to read calls (also while they are still being written) and
 * how to wrap a call grammar so a forced call comes out in the model's own format.
 */
enum ToolFormat {
    HERMES("<tool_call>"),
    LLAMA3("<|python_tag|>"),
    MISTRAL("[TOOL_CALLS]"),
    DEEPSEEK("<｜tool▁calls▁begin｜>");

    static final String DS_CALL = "<｜tool▁call▁begin｜>";
    static final String DS_SEP = "<｜tool▁sep｜>";
    static final String DS_CALL_END = "<｜tool▁call▁end｜>";
    static final String DS_END = "<｜tool▁calls▁end｜>";
    private static final Pattern HERMES_CLOSE = Pattern.compile("\\s*</tool_call>");

    /** The text that opens the calls (for LLAMA3 a bare '{' opens them too). */
    final String marker;

    ToolFormat(String marker) {
        this.marker = marker;
    }

    static ToolFormat of(String templateSource) {
        if (templateSource.contains("<tool_call>")) {
            return HERMES;
        }
        if (templateSource.contains("[TOOL_CALLS]")) {
            return MISTRAL;
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

    /** The key the arguments object goes under in the call JSON. */
    String argumentsKey() {
        return this == LLAMA3 ? "parameters" : "arguments";
    }

    /**
     * Where the calls start in {@code text}: the offset just after the opening marker, -1 when the text (leading
     * whitespace skipped) cannot be the start of calls, or -2 when it is still too short to tell.
     */
    int start(String text) {
        int i = CallScanner.skipWs(text, 0);
        String rest = text.substring(i);
        if (rest.startsWith(marker)) {
            return i + marker.length();
        }
        if (this == LLAMA3 && rest.startsWith("{")) {
            return i;
        }
        if (rest.isEmpty() || marker.startsWith(rest)) {
            return -2;
        }
        return -1;
    }

    /** The calls in the region after the marker, as far as they are written. */
    List<CallScanner.Partial> calls(String region) {
        return switch (this) {
            case HERMES -> hermes(region);
            case LLAMA3 -> CallScanner.jsonCalls(region.startsWith("<|python_tag|>")
                    ? region.substring("<|python_tag|>".length()) : region, 0, ";", '\u0000');
            case MISTRAL -> {
                int i = CallScanner.skipWs(region, 0);
                yield i < region.length() && region.charAt(i) == '['
                        ? CallScanner.jsonCalls(region, i + 1, ",", ']') : List.of();
            }
            case DEEPSEEK -> deepseek(region);
        };
    }

    private static List<CallScanner.Partial> hermes(String region) {
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
                // complete only once the block closes: until then report it as still being written
                out.add(new CallScanner.Partial(p.name(), p.args(), false, p.end()));
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
        if (this == MISTRAL) {
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
            case DEEPSEEK -> "root ::= \"" + DEEPSEEK.marker + DS_CALL + "function" + DS_SEP + "\" " + callRule
                    + " \"" + DS_CALL_END + DS_END + "\"\n";
        };
    }
}
