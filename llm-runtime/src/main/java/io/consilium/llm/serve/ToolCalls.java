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
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tool calls in the Hermes/Qwen convention: the model writes {@code <tool_call>{"name": ..., "arguments": {...}}
 * </tool_call>} blocks. Templates that render {@code tools} themselves get them as they are; for a template that
 * does not (the ChatML fallback), the tool list and the calling convention are put into the system message and
 * earlier calls/results into the conversation as text. {@code tool_choice} required or a named function becomes a
 * grammar, so the call is certain to be made and its arguments fit the function's parameter schema.
 */
final class ToolCalls {
    static final String OPEN = "<tool_call>";
    static final String CLOSE = "</tool_call>";
    private static final Pattern BLOCK = Pattern.compile("<tool_call>\\s*(\\{.*?})\\s*</tool_call>", Pattern.DOTALL);

    private ToolCalls() {
    }

    /** Whether the template renders the {@code tools} variable itself. */
    static boolean templateHandlesTools(String templateSource) {
        return templateSource.contains("tools");
    }

    /** The conversation rewritten for a template that knows nothing of tools. */
    static List<ChatMessage> inline(List<ChatMessage> messages, List<ToolSpec> tools, boolean offerTools) {
        List<ChatMessage> out = new ArrayList<>();
        String preamble = offerTools ? preamble(tools) : null;
        boolean placed = false;
        for (ChatMessage m : messages) {
            if (m.role().equals("system") && preamble != null && !placed) {
                out.add(ChatMessage.system((m.content() == null ? "" : m.content() + "\n\n") + preamble));
                placed = true;
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

    private static String preamble(List<ToolSpec> tools) {
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
        return sb.append("\n</tools>\n\nTo call a function, answer with one block per call:\n<tool_call>\n"
                + "{\"name\": <function name>, \"arguments\": <arguments as a JSON object>}\n</tool_call>").toString();
    }

    /** GBNF that forces one call of one of {@code tools} (or of {@code only}, if given) with valid arguments. */
    static String grammar(List<ToolSpec> tools, String only) {
        ObjectNode root = RequestParser.JSON.createObjectNode();
        ArrayNode any = root.putArray("anyOf");
        ObjectNode defs = RequestParser.JSON.createObjectNode();
        for (ToolSpec t : tools) {
            if (only != null && !only.equals(t.name())) {
                continue;
            }
            JsonNode params = RequestParser.JSON.valueToTree(t.parameters());
            if (params.isObject() && params.has("$defs")) {
                params.get("$defs").fields().forEachRemaining(e -> defs.set(e.getKey(), e.getValue()));
                ((ObjectNode) params).remove("$defs");
            }
            ObjectNode call = any.addObject();
            call.put("type", "object");
            ObjectNode props = call.putObject("properties");
            props.putObject("name").put("const", t.name());
            props.set("arguments", params);
            call.putArray("required").add("name").add("arguments");
        }
        if (!defs.isEmpty()) {
            root.set("$defs", defs);
        }
        String json = JsonSchemaGrammar.toGbnf(root);
        return json.replaceFirst("(?m)^root ::= ", "call ::= ")
                + "root ::= \"<tool_call>\\n\" call \"\\n</tool_call>\"\n";
    }

    /** The calls in a finished answer and the text around them (null when only calls were made). */
    record Parsed(String content, List<ToolCall> calls) {
    }

    static Parsed parse(String text) {
        List<ToolCall> calls = new ArrayList<>();
        StringBuilder rest = new StringBuilder();
        Matcher m = BLOCK.matcher(text);
        int last = 0;
        while (m.find()) {
            ToolCall c = call(m.group(1));
            if (c == null) {
                continue;
            }
            rest.append(text, last, m.start());
            last = m.end();
            calls.add(c);
        }
        rest.append(text.substring(last));
        String content = rest.toString().strip();
        return new Parsed(content.isEmpty() && !calls.isEmpty() ? null : calls.isEmpty() ? text : content, calls);
    }

    /** One call from its JSON object, or null when it is not {name, arguments|parameters}. */
    static ToolCall call(String json) {
        try {
            JsonNode n = RequestParser.JSON.readTree(json);
            if (!n.path("name").isTextual()) {
                return null;
            }
            JsonNode args = n.has("arguments") ? n.get("arguments") : n.get("parameters");
            String a = args == null || args.isNull() ? "{}" : args.isTextual() ? args.asText() : args.toString();
            return new ToolCall("call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24),
                    n.get("name").asText(), a);
        } catch (Exception e) {
            return null;
        }
    }

    private static String quote(String s) {
        return RequestParser.JSON.getNodeFactory().textNode(s).toString();
    }

    /** For streaming: the JSON of a tool call delta. */
    static Map<String, Object> delta(int index, ToolCall c) {
        return Map.of("index", index, "id", c.id(), "type", "function",
                "function", Map.of("name", c.name(), "arguments", c.arguments()));
    }
}
