package io.consilium.llm.engine;

/**
 * How one batched sequence ended.
 *
 * @param cachedPromptTokens prompt tokens reused from the prefix cache instead of computed
 * @param firstTokenNanos    from submission to the first generated token (time to first token); 0 if none
 * @param error              why it failed (reason ERROR), else null
 */
public record BatchResult(int[] promptTokens, int[] tokens, String text, Reason reason, int cachedPromptTokens,
                          long queuedNanos, long firstTokenNanos, long totalNanos, String error) {
    public enum Reason { EOS, STOP_STRING, MAX_TOKENS, CONTEXT_FULL, GRAMMAR_COMPLETE, CANCELLED, TIMEOUT, ERROR }

    /** OpenAI's finish_reason for this result. */
    public String finishReason() {
        return switch (reason) {
            case MAX_TOKENS, CONTEXT_FULL -> "length";
            case CANCELLED -> "cancelled";
            case TIMEOUT -> "timeout";
            case ERROR -> "error";
            default -> "stop";
        };
    }
}
