package io.consilium.llm.serve.bus;

/**
 * One streamed piece of an answer, sent to the request's {@code streamAddress} in order ({@code index} 0, 1, ...);
 * the complete answer still comes back as the reply.
 */
public record LlmToken(int version, String id, int index, String text) {
    public static final int VERSION = 1;
}
