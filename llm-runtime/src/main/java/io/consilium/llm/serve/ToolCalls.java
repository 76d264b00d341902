package io.consilium.llm.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consilium.llm.chat.ChatMessage;
import io.consilium.llm.chat.ToolCall;
import io.consilium.llm.chat.ToolSpec;
import io.consilium.llm.grammar.JsonSchemaGrammar;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Tool calls in the model's own format ({@link ToolFormat}, chosen from the chat template). Templates that render
 * {@code tools} themselves get them as they are; for a template that does not (the ChatML fallback, DeepSeek R1),
 * the tool list and the calling convention are put into the system message, and for the Hermes fallback earlier
 * calls/results into the conversation as text. {@code tool_choice} required or a named function becomes a grammar
 * in the format, so the call is certain to be made and its arguments fit the function's parameter schema.
 */
final class ToolCalls {
    static final String OPEN = "<tool_call>";
    static final String CLOSE = "</tool_call>";

    private ToolCalls() {
    }

    /** Whether the template renders the {@code tools} variable itself. */
    static boolean templateHandlesTools(String templateSource) {
        return Pattern.compile("\\btools\\b").matcher(templateSource).find();
    }

    /** Whether the template writes earlier assistant tool calls and tool results itself. */
    static boolean templateHandlesCalls(String templateSource) {
        return templateSource.contains("tool_calls");
    }

    /** The conversation rewritten for a template that knows nothing of tools. */
    static List<ChatMessage> inline(List<ChatMessage> messages, List<ToolSpec> tools, boolean offerTools) {
        return inline(ToolFormat.HERMES, messages, tools, offerTools, false);
    }

    /**
     * The conversation for a template that does not render {@code tools}: the tool list and how to call goes into
     * the system message; earlier calls and results stay as they are when the template writes them itself
     * ({@code nativeCalls}), else become text in the format.
     */
    static List<ChatMessage> inline(ToolFormat format, List<ChatMessage> messages, List<ToolSpec> tools,
                                    boolean offerTools, boolean nativeCalls) {
        List<ChatMessage> out = new ArrayList<>();
        String preamble = offerTools ? preamble(format, tools) : null;
        boolean placed = false;
        for (ChatMessage m : messages) {
            if (m.role().equals("system") && preamble != null && !placed) {
                out.add(ChatMessage.system((m.content() == null ? "" : m.content() + "\n\n") + preamble));
                placed = true;
            } else if (nativeCalls) {
                out.add(m);
            } else if (m.role().equals("assistant") && !m.toolCalls().isEmpty()) {
                StringBuilder sb = new StringBuilder(m.content() == null ? "" : m.content());
                for (ToolCall c : m.toolCalls()) {
                    if (!sb.isEmpty()) {
                        sb.append('\n');
                    }
                    sb.append(OPEN).append("\n{\"name\": ").append(quote(c.name())).append(", \"arguments\": ")
                            .append(c.arguments()).append("}\n").append(CLOSE);
                }
                out.add(ChatMessage.assistant(sb.toString()));
            } else if (m.role().equals("tool")) {
                out.add(ChatMessage.user("<tool_response>\n" + (m.content() == null ? "" : m.content())
                        + "\n</tool_response>"));
            } else {
                out.add(m);
            }
        }
        if (preamble != null && !placed) {
            out.add(0, ChatMessage.system(preamble));
        }
        return out;
    }

    private static String preamble(ToolFormat format, List<ToolSpec> tools) {
        StringBuilder sb = new StringBuilder("# Tools\n\nYou can call functions to help answer. Their signatures, "
                + "as JSON, are inside <tools></tools>:\n<tools>");
        for (ToolSpec t : tools) {
            ObjectNode fn = RequestParser.JSON.createObjectNode();
            fn.put("name", t.name());
            if (t.description() != null) {
                fn.put("description", t.description());
            }
            fn.set("parameters", RequestParser.JSON.valueToTree(t.parameters()));
            ObjectNode wrap = RequestParser.JSON.createObjectNode();
            wrap.put("type", "function");
            wrap.set("function", fn);
            sb.append('\n').append(wrap);
        }
        sb.append("\n</tools>\n\nTo call a function, answer ");
        return sb.append(switch (format) {
            case HERMES -> "with one block per call:\n<tool_call>\n{\"name\": <function name>, \"arguments\": "
                    + "<arguments as a JSON object>}\n</tool_call>";
            case LLAMA3 -> "in the format {\"name\": function name, \"parameters\": dictionary of argument name and "
                    + "its value}";
            case MISTRAL -> "with [TOOL_CALLS][{\"name\": <function name>, \"arguments\": <arguments as a JSON "
                    + "object>}]";
            case MISTRAL11 -> "with [TOOL_CALLS]<function name>[ARGS]<arguments as a JSON object>";
            case DEEPSEEK -> "with " + ToolFormat.DEEPSEEK.marker + ToolFormat.DS_CALL + "function" + ToolFormat.DS_SEP
                    + "<function name>\n```json\n<arguments as a JSON object>\n```" + ToolFormat.DS_CALL_END
                    + ToolFormat.DS_END;
        }).toString();
    }

    /** GBNF that forces one Hermes call of one of {@code tools} (or of {@code only}, if given). */
    static String grammar(List<ToolSpec> tools, String only) {
        return grammar(ToolFormat.HERMES, tools, only);
    }

    /** GBNF that forces one call of one of {@code tools} (or of {@code only}) in the format, with valid arguments. */
    static String grammar(ToolFormat format, List<ToolSpec> tools, String only) {
        ObjectNode root = RequestParser.JSON.createObjectNode();
        ArrayNode any = root.putArray("anyOf");
        ObjectNode defs = RequestParser.JSON.createObjectNode();
        List<String> names = new ArrayList<>();
        for (ToolSpec t : tools) {
            if (only != null && !only.equals(t.name())) {
                continue;
            }
            JsonNode params = RequestParser.JSON.valueToTree(t.parameters());
            if (params.isObject() && params.has("$defs")) {
                params.get("$defs").fields().forEachRemaining(e -> defs.set(e.getKey(), e.getValue()));
                ((ObjectNode) params).remove("$defs");
            }
            if (format.nameOutsideJson()) {
                defs.set("tool-args-" + names.size(), params);
                any.addObject().put("$ref", "#/$defs/tool-args-" + names.size());
                names.add(t.name());
                continue;
            }
            ObjectNode call = any.addObject();
            call.put("type", "object");
            ObjectNode props = call.putObject("properties");
            props.putObject("name").put("const", t.name());
            props.set(format.argumentsKey(), params);
            call.putArray("required").add("name").add(format.argumentsKey());
        }
        if (!defs.isEmpty()) {
            root.set("$defs", defs);
        }
        String json = JsonSchemaGrammar.toGbnf(root);
        if (format.nameOutsideJson()) {
            boolean ds = format == ToolFormat.DEEPSEEK;
            StringBuilder call = new StringBuilder("call ::= ");
            for (int i = 0; i < names.size(); i++) {
                call.append(i == 0 ? "" : " | ").append('"').append(gbnfText(names.get(i)))
                        .append(ds ? "\\n```json\\n" : ToolFormat.M_ARGS).append("\" ref-tool-args-").append(i)
                        .append(ds ? " \"\\n```\"" : "");
            }
            return json.replaceFirst("(?m)^root ::= ", "any-call ::= ") + call + "\n" + format.wrap("call");
        }
        return json.replaceFirst("(?m)^root ::= ", "call ::= ") + format.wrap("call");
    }

    private static String gbnfText(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** The calls in a finished answer and the text around them (null when only calls were made). */
    record Parsed(String content, List<ToolCall> calls) {
    }

    static Parsed parse(String text) {
        return parse(ToolFormat.HERMES, text);
    }

    static Parsed parse(ToolFormat format, String text) {
        return parse(format, text, Set.of());
    }

    /**
     * The calls in a finished answer in the format; the text around them is the content. Read by the same
     * {@link ToolStream} that streams answers, so a streamed answer and a whole one always agree.
     */
    static Parsed parse(ToolFormat format, String text, Set<String> builtins) {
        ToolStream s = new ToolStream(true, format, builtins);
        List<ToolStream.Piece> pieces = new ArrayList<>(s.push(text));
        pieces.addAll(s.finish());
        StringBuilder content = new StringBuilder();
        List<String[]> calls = new ArrayList<>();
        List<StringBuilder> args = new ArrayList<>();
        for (ToolStream.Piece p : pieces) {
            if (p.index() < 0) {
                content.append(p.content());
            } else if (p.name() != null) {
                calls.add(new String[] {p.id(), p.name()});
                args.add(new StringBuilder());
            } else {
                args.get(p.index()).append(p.args());
            }
        }
        if (calls.isEmpty()) {
            return new Parsed(text, List.of());
        }
        List<ToolCall> out = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            out.add(new ToolCall(calls.get(i)[0], calls.get(i)[1], args.get(i).toString()));
        }
        String c = content.toString().strip();
        return new Parsed(c.isEmpty() ? null : c, out);
    }

    /** A call id as the format expects it (Mistral's templates insist on 9 alphanumerics). */
    static String newId(ToolFormat format) {
        String hex = UUID.randomUUID().toString().replace("-", "");
        return format.mistral() ? hex.substring(0, 9) : "call_" + hex.substring(0, 24);
    }

    private static String quote(String s) {
        return RequestParser.JSON.getNodeFactory().textNode(s).toString();
    }

    /**
     * The conversation with call ids as Mistral's templates insist on (exactly 9 alphanumerics; they refuse
     * anything else): other ids are replaced by a stable 9-character digest, the same for a call and its result.
     */
    static List<ChatMessage> mistralIds(List<ChatMessage> messages) {
        List<ChatMessage> out = new ArrayList<>();
        for (ChatMessage m : messages) {
            List<ToolCall> calls = new ArrayList<>();
            for (ToolCall c : m.toolCalls()) {
                calls.add(new ToolCall(nineChars(c.id()), c.name(), c.arguments()));
            }
            out.add(new ChatMessage(m.role(), m.content(), calls, m.toolCallId() == null ? null
                    : nineChars(m.toolCallId()), m.name()));
        }
        return out;
    }

    static String nineChars(String id) {
        if (id == null) {
            return null;
        }
        if (id.matches("[A-Za-z0-9]{9}")) {
            return id;
        }
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(id.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h).substring(0, 9);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
