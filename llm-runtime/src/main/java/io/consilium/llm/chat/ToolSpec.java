package io.consilium.llm.chat;

import java.util.Map;
import java.util.Objects;

/**
 * A function the model may call, as in OpenAI's {@code tools}: rendered to templates as
 * {@code {"type": "function", "function": {"name", "description", "parameters"}}}.
 *
 * @param parameters the JSON schema of the arguments, as parsed JSON (maps, lists, strings, numbers)
 */
public record ToolSpec(String name, String description, Map<String, Object> parameters) {
    public ToolSpec {
        Objects.requireNonNull(name, "name");
        parameters = parameters == null ? Map.of("type", "object", "properties", Map.of()) : parameters;
    }
}
