package io.consilium.llm.engine;

import java.util.List;

/**
 * The result of one generation.
 *
 * @param top per generated step, the highest logits before sampling (empty unless requested)
 */
public record Generation(int[] promptTokens, int[] tokens, String text, StopReason stopReason,
                         List<List<TopLogit>> top, long prefillNanos, long decodeNanos) {
    public enum StopReason { EOS, STOP_STRING, MAX_TOKENS, CONTEXT_FULL }

    /** Decode speed in tokens/s (tokens after the first, which comes out of the prefill). */
    public double decodeTokensPerSecond() {
        return tokens.length <= 1 || decodeNanos == 0 ? 0 : (tokens.length - 1) / (decodeNanos / 1e9);
    }

    public double prefillTokensPerSecond() {
        return prefillNanos == 0 ? 0 : promptTokens.length / (prefillNanos / 1e9);
    }
}
