package io.consilium.llm.serve.bus;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Objects;

/**
 * A generation request on the event bus. {@code jsonSchema} (nullable) is the JSON Schema the answer
 * must satisfy; {@code timeoutMillis} bounds the whole generation (the server stops and answers with
 * {@code finishReason = "timeout"}). {@code priority}: higher is served first when requests queue (an
 * executor's question before a background review). {@code streamAddress} (nullable): each piece of text is
 * also sent there as an {@link LlmToken} while the answer is generated.
 */
public record LlmRequest(int version, String id, String prompt, int maxTokens, double temperature, long seed,
                         String jsonSchema, long timeoutMillis, int priority, String streamAddress) {
    public static final int VERSION = 1;

    @JsonCreator
    public LlmRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
        }
    }

    /** Normal priority, no streaming. */
    public LlmRequest(int version, String id, String prompt, int maxTokens, double temperature, long seed,
                      String jsonSchema, long timeoutMillis) {
        this(version, id, prompt, maxTokens, temperature, seed, jsonSchema, timeoutMillis, 0, null);
    }
}
