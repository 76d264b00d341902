package io.consilium.llm.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.llm.chat.ChatMessage;
import io.consilium.llm.chat.ToolCall;
import io.consilium.llm.chat.ToolSpec;
import io.consilium.llm.sample.SamplerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads OpenAI chat/completions request bodies into {@link ChatRequest}s. Unknown fields are ignored (clients send
 * many); known fields with the wrong type or out of range are refused with a message naming the field.
 */
final class RequestParser {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool", "developer");

    private RequestParser() {
    }

    static JsonNode parseBody(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw ApiError.invalid(null, "the request body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw ApiError.invalid(null, "the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static ChatRequest chat(JsonNode b) {
        JsonNode msgs = b.get("messages");
        if (msgs == null || !msgs.isArray() || msgs.isEmpty()) {
            throw ApiError.invalid("messages", "'messages' must be a non-empty array of chat messages");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < msgs.size(); i++) {
            messages.add(message(msgs.get(i), "messages[" + i + "]"));
        }
        List<ToolSpec> tools = tools(b.get("tools"));
        String toolChoice = toolChoice(b.get("tool_choice"), tools);
        return common(b, messages, null, tools, toolChoice);
    }

    static ChatRequest completion(JsonNode b) {
        JsonNode p = b.get("prompt");
        String prompt;
        if (p != null && p.isTextual()) {
            prompt = p.asText();
        } else if (p != null && p.isArray() && p.size() == 1 && p.get(0).isTextual()) {
            prompt = p.get(0).asText();
        } else {
            throw ApiError.invalid("prompt", "'prompt' must be a string (or an array holding one string)");
        }
        return common(b, null, prompt, List.of(), "none");
    }

    private static ChatRequest common(JsonNode b, List<ChatMessage> messages, String prompt, List<ToolSpec> tools,
                                      String toolChoice) {
        optString(b, "model");
        int n = optInt(b, "n", 1, 1, 1);
        assert n == 1;
        float temperature = (float) optNumber(b, "temperature", 1.0, 0, 2);
        float topP = (float) optNumber(b, "top_p", 1.0, 0, 1);
        if (topP == 0f) {
            topP = 1e-6f;
        }
        long seed = b.has("seed") && !b.get("seed").isNull() ? optLong(b, "seed")
                : ThreadLocalRandom.current().nextLong();
        float presence = (float) optNumber(b, "presence_penalty", 0, -2, 2);
        float frequency = (float) optNumber(b, "frequency_penalty", 0, -2, 2);
        int maxTokens = optInt(b, "max_completion_tokens", 0, 1, Integer.MAX_VALUE);
        if (maxTokens == 0) {
            maxTokens = optInt(b, "max_tokens", 0, 1, Integer.MAX_VALUE);
        }
        boolean stream = optBool(b, "stream", false);
        boolean includeUsage = false;
        JsonNode so = b.get("stream_options");
        if (so != null && !so.isNull()) {
            if (!so.isObject()) {
                throw ApiError.invalid("stream_options", "'stream_options' must be an object");
            }
            includeUsage = optBool(so, "include_usage", false);
        }
        List<String> stop = stop(b.get("stop"));
        int priority = optInt(b, "priority", 0, -1000, 1000);
        String format = "text";
        String spec = null;
        JsonNode rf = b.get("response_format");
        if (rf != null && !rf.isNull()) {
            if (!rf.isObject() || !rf.path("type").isTextual()) {
                throw ApiError.invalid("response_format", "'response_format' must be an object with a 'type'");
            }
            format = rf.get("type").asText();
            switch (format) {
                case "text", "json_object" -> { }
                case "json_schema" -> {
                    JsonNode js = rf.get("json_schema");
                    JsonNode schema = js == null ? null : js.get("schema");
                    if (schema == null || !schema.isObject()) {
                        throw ApiError.invalid("response_format.json_schema.schema",
                                "response_format json_schema needs 'json_schema': {'name': ..., 'schema': {...}}");
                    }
                    spec = schema.toString();
                }
                default -> throw ApiError.invalid("response_format.type", "response_format type '" + format
                        + "' is not supported; use text, json_object or json_schema");
            }
        }
        JsonNode grammar = b.get("grammar");
        if (grammar != null && !grammar.isNull()) {
            if (!grammar.isTextual()) {
                throw ApiError.invalid("grammar", "'grammar' must be a GBNF string");
            }
            if (!"text".equals(format)) {
                throw ApiError.invalid("grammar", "give either 'grammar' or a JSON response_format, not both");
            }
            format = "grammar";
            spec = grammar.asText();
        }
        SamplerConfig sampler = new SamplerConfig(temperature, 0, topP, 0f, 1f, presence, frequency, 64, seed);
        return new ChatRequest(messages, prompt, sampler, maxTokens, stop, stream, includeUsage, tools, toolChoice,
                format, spec, priority);
    }

    private static ChatMessage message(JsonNode m, String where) {
        if (!m.isObject()) {
            throw ApiError.invalid(where, where + " must be an object with 'role' and 'content'");
        }
        JsonNode r = m.get("role");
        if (r == null || !r.isTextual() || !ROLES.contains(r.asText())) {
            throw ApiError.invalid(where + ".role", where + ".role must be one of " + ROLES);
        }
        String role = r.asText().equals("developer") ? "system" : r.asText();
        String content = content(m.get("content"), where + ".content");
        List<ToolCall> calls = new ArrayList<>();
        JsonNode tc = m.get("tool_calls");
        if (tc != null && !tc.isNull()) {
            if (!tc.isArray()) {
                throw ApiError.invalid(where + ".tool_calls", where + ".tool_calls must be an array");
            }
            for (JsonNode c : tc) {
                JsonNode fn = c.path("function");
                if (!fn.path("name").isTextual()) {
                    throw ApiError.invalid(where + ".tool_calls", "each tool call needs function.name");
                }
                JsonNode args = fn.get("arguments");
                String argText = args == null || args.isNull() ? "{}" : args.isTextual() ? args.asText() : args.toString();
                calls.add(new ToolCall(c.path("id").asText(null), fn.get("name").asText(), argText));
            }
        }
        if (content == null && calls.isEmpty() && !role.equals("assistant")) {
            throw ApiError.invalid(where + ".content", where + ".content must be a string");
        }
        String toolCallId = m.path("tool_call_id").isTextual() ? m.get("tool_call_id").asText() : null;
        String name = m.path("name").isTextual() ? m.get("name").asText() : null;
        return new ChatMessage(role, content, calls, toolCallId, name);
    }

    /** A string, or an array of content parts of which the text parts are joined. */
    private static String content(JsonNode c, String where) {
        if (c == null || c.isNull()) {
            return null;
        }
        if (c.isTextual()) {
            return c.asText();
        }
        if (c.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : c) {
                if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw ApiError.invalid(where, where + ": only text content parts are supported");
                }
                sb.append(part.get("text").asText());
            }
            return sb.toString();
        }
        throw ApiError.invalid(where, where + " must be a string or an array of text parts");
    }

    private static List<ToolSpec> tools(JsonNode t) {
        if (t == null || t.isNull()) {
            return List.of();
        }
        if (!t.isArray()) {
            throw ApiError.invalid("tools", "'tools' must be an array of {type: function, function: {...}}");
        }
        List<ToolSpec> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            JsonNode fn = t.get(i).path("function");
            if (!"function".equals(t.get(i).path("type").asText()) || !fn.path("name").isTextual()) {
                throw ApiError.invalid("tools[" + i + "]", "tools[" + i + "] must be {type: function, function: "
                        + "{name, description?, parameters?}}");
            }
            JsonNode params = fn.get("parameters");
            if (params != null && !params.isNull() && !params.isObject()) {
                throw ApiError.invalid("tools[" + i + "].function.parameters", "parameters must be a JSON Schema object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> p = params == null || params.isNull() ? null : JSON.convertValue(params, Map.class);
            out.add(new ToolSpec(fn.get("name").asText(), fn.path("description").asText(null), p));
        }
        return out;
    }

    private static String toolChoice(JsonNode c, List<ToolSpec> tools) {
        if (c == null || c.isNull()) {
            return tools.isEmpty() ? "none" : "auto";
        }
        if (c.isTextual() && Set.of("none", "auto", "required").contains(c.asText())) {
            if (!c.asText().equals("none") && tools.isEmpty()) {
                throw ApiError.invalid("tool_choice", "tool_choice '" + c.asText() + "' needs 'tools'");
            }
            return c.asText();
        }
        String name = c.path("function").path("name").asText(null);
        if (name == null) {
            throw ApiError.invalid("tool_choice", "tool_choice must be none, auto, required or "
                    + "{type: function, function: {name}}");
        }
        if (tools.stream().noneMatch(t -> t.name().equals(name))) {
            throw ApiError.invalid("tool_choice", "tool_choice names '" + name + "', which is not in 'tools'");
        }
        return "function:" + name;
    }

    private static List<String> stop(JsonNode s) {
        if (s == null || s.isNull()) {
            return List.of();
        }
        if (s.isTextual()) {
            return List.of(s.asText());
        }
        if (s.isArray() && s.size() <= 4) {
            List<String> out = new ArrayList<>();
            for (JsonNode x : s) {
                if (!x.isTextual()) {
                    throw ApiError.invalid("stop", "'stop' must be a string or an array of up to 4 strings");
                }
                out.add(x.asText());
            }
            return out;
        }
        throw ApiError.invalid("stop", "'stop' must be a string or an array of up to 4 strings");
    }

    private static void optString(JsonNode b, String key) {
        JsonNode v = b.get(key);
        if (v != null && !v.isNull() && !v.isTextual()) {
            throw ApiError.invalid(key, "'" + key + "' must be a string");
        }
    }

    private static boolean optBool(JsonNode b, String key, boolean def) {
        JsonNode v = b.get(key);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isBoolean()) {
            throw ApiError.invalid(key, "'" + key + "' must be true or false, got " + v);
        }
        return v.booleanValue();
    }

    private static double optNumber(JsonNode b, String key, double def, double min, double max) {
        JsonNode v = b.get(key);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            throw ApiError.invalid(key, "'" + key + "' must be a number from " + min + " to " + max + ", got " + v);
        }
        return v.asDouble();
    }

    private static int optInt(JsonNode b, String key, int def, int min, int max) {
        JsonNode v = b.get(key);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
            throw ApiError.invalid(key, "'" + key + "' must be an integer from " + min + " to " + max + ", got " + v);
        }
        return v.asInt();
    }

    private static long optLong(JsonNode b, String key) {
        JsonNode v = b.get(key);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ApiError.invalid(key, "'" + key + "' must be an integer, got " + v);
        }
        return v.asLong();
    }
}
