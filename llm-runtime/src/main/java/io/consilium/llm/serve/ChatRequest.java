package io.consilium.llm.serve;

import io.consilium.llm.chat.ChatMessage;
import io.consilium.llm.chat.ToolSpec;
import io.consilium.llm.sample.SamplerConfig;
import java.util.List;

/**
 * A validated chat or text completion request.
 *
 * @param messages    the conversation (chat), or null for a text completion
 * @param prompt      the raw prompt (text completion), or null for chat
 * @param maxTokens   requested limit, or 0 for "as much as the context allows" (capped by the server)
 * @param toolChoice  "none", "auto", "required", or the name of the function that must be called
 * @param format      "text", "json_object", "json_schema" or "grammar"
 * @param formatSpec  the JSON Schema text (json_schema) or GBNF text (grammar), else null
 * @param priority    higher is served first when requests queue (not part of OpenAI's API; default 0)
 */
public record ChatRequest(List<ChatMessage> messages, String prompt, SamplerConfig sampler, int maxTokens,
                          List<String> stop, boolean stream, boolean includeUsage, List<ToolSpec> tools,
                          String toolChoice, String format, String formatSpec, int priority) {
    public boolean chat() {
        return messages != null;
    }

    public boolean toolsActive() {
        return tools != null && !tools.isEmpty() && !"none".equals(toolChoice);
    }
}
