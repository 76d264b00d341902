package io.consilium.llm.chat;

import java.util.Objects;

/**
 * A function call made by the assistant.
 *
 * @param id        the call id (OpenAI "call_..."; some templates require a particular format)
 * @param name      the function name
 * @param arguments the arguments as JSON text (an object)
 */
public record ToolCall(String id, String name, String arguments) {
    public ToolCall {
        Objects.requireNonNull(name, "name");
        arguments = arguments == null ? "{}" : arguments;
    }
}
