package io.consilium.llm.engine;

/**
 * Limits of the continuous-batching engine.
 *
 * @param maxSequences      sequences decoded together at most; more wait in the queue
 * @param maxKvBytes        KV cache bytes the running sequences may reserve (prompt + max tokens each)
 * @param queueLimit        waiting requests at most; beyond it a request is refused as busy
 * @param prefillChunk      prompt tokens computed per step, shared by the sequences still reading their prompt,
 *                          so a long prompt does not stall the others' decoding
 * @param prefixCacheBytes  KV bytes kept for shared prompt prefixes (least recently used dropped first); 0 = off
 * @param minPrefixTokens   shorter shared prefixes are not worth a cache entry or a copy
 * @param batchInvariant    true: every token row is computed as a lone token's would be, so an answer does not
 *                          depend on what else shares the steps (or on prefix-cache hits); false: prompts use the
 *                          blocked matmul, faster to first token, answers may differ in the last bits
 */
public record BatchOptions(int maxSequences, long maxKvBytes, int queueLimit, int prefillChunk, long prefixCacheBytes,
                           int minPrefixTokens, boolean batchInvariant) {
    public BatchOptions {
        if (maxSequences < 1 || maxKvBytes < 1 || queueLimit < 0 || prefillChunk < 1 || prefixCacheBytes < 0
                || minPrefixTokens < 1) {
            throw new IllegalArgumentException("invalid batch options " + maxSequences + "/" + maxKvBytes + "/"
                    + queueLimit + "/" + prefillChunk + "/" + prefixCacheBytes + "/" + minPrefixTokens);
        }
    }

    public BatchOptions(int maxSequences, long maxKvBytes, int queueLimit, int prefillChunk, long prefixCacheBytes,
                        int minPrefixTokens) {
        this(maxSequences, maxKvBytes, queueLimit, prefillChunk, prefixCacheBytes, minPrefixTokens, true);
    }

    public static BatchOptions of(int parallel) {
        return new BatchOptions(parallel, 1L << 30, 64, 128, 256L << 20, 16, true);
    }

    public BatchOptions withBatchInvariant(boolean invariant) {
        return new BatchOptions(maxSequences, maxKvBytes, queueLimit, prefillChunk, prefixCacheBytes, minPrefixTokens,
                invariant);
    }
}
