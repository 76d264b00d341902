package io.consilium.llm.chat;

import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation, shaped like an OpenAI chat message.
 *
 * @param role       "system", "user", "assistant" or "tool"
 * @param content    the text; may be null for an assistant turn that only calls tools
 * @param toolCalls  the tools an assistant turn calls (empty when none)
 * @param toolCallId for a "tool" turn: the id of the call it answers (null otherwise)
 * @param name       optional author or tool name
 */
public record ChatMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId, String name) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content, List.of(), null, null);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content, List.of(), null, null);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content, List.of(), null, null);
    }

    public static ChatMessage assistantCalls(List<ToolCall> calls) {
        return new ChatMessage("assistant", null, calls, null, null);
    }

    public static ChatMessage tool(String toolCallId, String content) {
        return new ChatMessage("tool", content, List.of(), toolCallId, null);
    }
}
