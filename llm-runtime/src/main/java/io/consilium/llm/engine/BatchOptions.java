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
 */
public record BatchOptions(int maxSequences, long maxKvBytes, int queueLimit, int prefillChunk, long prefixCacheBytes,
                           int minPrefixTokens) {
    public BatchOptions {
        if (maxSequences < 1 || maxKvBytes < 1 || queueLimit < 0 || prefillChunk < 1 || prefixCacheBytes < 0
                || minPrefixTokens < 1) {
            throw new IllegalArgumentException("invalid batch options " + maxSequences + "/" + maxKvBytes + "/"
                    + queueLimit + "/" + prefillChunk + "/" + prefixCacheBytes + "/" + minPrefixTokens);
        }
    }

    public static BatchOptions of(int parallel) {
        return new BatchOptions(parallel, 1L << 30, 64, 128, 256L << 20, 16);
    }
}
