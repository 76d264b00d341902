package io.consilium.llm.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import io.consilium.llm.LlmUserError;
import io.consilium.llm.gguf.GgufMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's chat template ({@code tokenizer.chat_template}, Jinja) rendered with jinjava the way
 * Hugging Face's apply_chat_template does, so the templates shipped with Qwen, DeepSeek, Llama and
 * Mistral models work unchanged. Thread-safe.
 */
public final class ChatTemplate {
    /** Used when a model carries no template: ChatML, as llama.cpp falls back to. */
    public static final String CHATML = "{% for message in messages %}"
            + "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final String adapted;
    private final String bosToken;
    private final String eosToken;

    private ChatTemplate(String source, String bosToken, String eosToken) {
        this.source = source;
        this.adapted = TemplateSource.adapt(source);
        this.bosToken = bosToken == null ? "" : bosToken;
        this.eosToken = eosToken == null ? "" : eosToken;
    }

    public static ChatTemplate of(String template, String bosToken, String eosToken) {
        return new ChatTemplate(template, bosToken, eosToken);
    }

    public static ChatTemplate chatml() {
        return new ChatTemplate(CHATML, "", "");
    }

    /** The template of a GGUF file, with its BOS/EOS texts; ChatML when the file has none. */
    public static ChatTemplate fromGguf(GgufMetadata md) {
        String bos = tokenText(md, "tokenizer.ggml.bos_token_id");
        String eos = tokenText(md, "tokenizer.ggml.eos_token_id");
        String template = md.getString("tokenizer.chat_template", null);
        return template == null || template.isBlank() ? new ChatTemplate(CHATML, bos, eos) : new ChatTemplate(template, bos, eos);
    }

    /**
     * A named variant ({@code tokenizer.chat_template.<name>}, e.g. "tool_use"), or the default
     * template when the file has no such variant.
     */
    public static ChatTemplate fromGguf(GgufMetadata md, String name) {
        String key = "tokenizer.chat_template." + name;
        String template = md.getString(key, null);
        if (template == null || template.isBlank()) {
            return fromGguf(md);
        }
        return new ChatTemplate(template, tokenText(md, "tokenizer.ggml.bos_token_id"), tokenText(md, "tokenizer.ggml.eos_token_id"));
    }

    private static String tokenText(GgufMetadata md, String key) {
        if (!md.has(key) || !md.has("tokenizer.ggml.tokens")) {
            return "";
        }
        long id = md.getLong(key);
        List<String> tokens = md.getStringArray("tokenizer.ggml.tokens");
        return id >= 0 && id < tokens.size() ? tokens.get((int) id) : "";
    }

    public String source() {
        return source;
    }

    public boolean isChatMl() {
        return source.equals(CHATML);
    }

    /**
     * @param tools null or empty: the template sees no {@code tools} variable
     * @param extra more template variables (e.g. {@code enable_thinking}, {@code date_string}); may be null
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, List<ToolSpec> tools, Map<String, Object> extra) {
        Map<String, Object> ctx = new HashMap<>();
        if (extra != null) {
            ctx.putAll(extra);
        }
        boolean textArgs = ARGUMENTS_AS_TEXT.matcher(source).find();
        ctx.put("messages", messages.stream().map(m -> toTemplate(m, textArgs)).toList());
        ctx.put("add_generation_prompt", addGenerationPrompt);
        ctx.put("bos_token", bosToken);
        ctx.put("eos_token", eosToken);
        if (tools != null && !tools.isEmpty()) {
            ctx.put("tools", tools.stream().map(ChatTemplate::toTemplate).toList());
        }
        RenderResult r;
        try {
            r = JinjaFunctions.jinjava().renderForResult(adapted, ctx);
        } catch (JinjaFunctions.TemplateRaised e) {
            throw new LlmUserError("chat template refused the conversation: " + e.getMessage());
        }
        for (TemplateError e : r.getErrors()) {
            if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                String raised = raisedMessage(e);
                throw new LlmUserError(raised != null
                        ? "chat template refused the conversation: " + raised
                        : "chat template cannot be rendered (line " + e.getLineno() + "): " + e.getMessage());
            }
        }
        return r.getOutput();
    }

    private static String raisedMessage(TemplateError e) {
        for (Throwable t = e.getException(); t != null; t = t.getCause()) {
            if (t instanceof JinjaFunctions.TemplateRaised raised) {
                return raised.getMessage();
            }
        }
        return null;
    }

    /** A template that concatenates the arguments as a string (DeepSeek's) must get them as JSON text. */
    private static final java.util.regex.Pattern ARGUMENTS_AS_TEXT =
            java.util.regex.Pattern.compile("\\[['\"]arguments['\"]]\\s*\\+|\\.arguments\\s*\\+");

    private static Map<String, Object> toTemplate(ChatMessage m, boolean textArgs) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", m.role());
        out.put("content", m.content());
        if (!m.toolCalls().isEmpty()) {
            List<Map<String, Object>> calls = new ArrayList<>();
            for (ToolCall c : m.toolCalls()) {
                Map<String, Object> fn = new LinkedHashMap<>();
                fn.put("name", c.name());
                fn.put("arguments", textArgs ? c.arguments() : parseArguments(c.arguments()));
                Map<String, Object> call = new LinkedHashMap<>();
                if (c.id() != null) {
                    call.put("id", c.id());
                }
                call.put("type", "function");
                call.put("function", fn);
                calls.add(call);
            }
            out.put("tool_calls", calls);
        }
        if (m.toolCallId() != null) {
            out.put("tool_call_id", m.toolCallId());
        }
        if (m.name() != null) {
            out.put("name", m.name());
        }
        return out;
    }

    /** Arguments go to templates as a dict when they are a JSON object (as transformers expects), else as text. */
    private static Object parseArguments(String json) {
        try {
            Object v = JSON.readValue(json, Object.class);
            return v instanceof Map ? v : json;
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    private static Map<String, Object> toTemplate(ToolSpec t) {
        Map<String, Object> fn = new LinkedHashMap<>();
        fn.put("name", t.name());
        if (t.description() != null) {
            fn.put("description", t.description());
        }
        fn.put("parameters", t.parameters());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "function");
        out.put("function", fn);
        return out;
    }

    @Override
    public String toString() {
        return "ChatTemplate[" + source.length() + " chars" + (isChatMl() ? ", ChatML" : "") + "]";
    }
}
