package io.consilium.llm.serve.bus;

/**
 * The answer to an {@link LlmRequest}. {@code finishReason}: stop, length, timeout or error (then
 * {@code error} says why and {@code text} is empty).
 */
public record LlmResponse(int version, String id, String model, String text, int promptTokens,
                          int completionTokens, String finishReason, String error, long elapsedMillis) {
    public static final int VERSION = 1;

    public static LlmResponse error(String id, String model, String error, long elapsedMillis) {
        return new LlmResponse(VERSION, id, model, "", 0, 0, "error", error, elapsedMillis);
    }

    public boolean ok() {
        return error == null;
    }
}
