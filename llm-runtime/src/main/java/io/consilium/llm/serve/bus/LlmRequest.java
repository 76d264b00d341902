package io.consilium.llm.serve.bus;

import java.util.Objects;

/**
 * A generation request on the event bus. {@code jsonSchema} (nullable) is the JSON Schema the answer
 * must satisfy; {@code timeoutMillis} bounds the whole generation (the server stops and answers with
 * {@code finishReason = "timeout"}).
 */
public record LlmRequest(int version, String id, String prompt, int maxTokens, double temperature, long seed,
                         String jsonSchema, long timeoutMillis) {
    public static final int VERSION = 1;

    public LlmRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
        }
    }
}
