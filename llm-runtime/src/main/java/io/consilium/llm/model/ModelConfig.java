package io.consilium.llm.model;

/**
 * Everything the forward pass needs to know about a model's shape, read once from the GGUF metadata.
 *
 * @param moe null for a dense model
 * @param mla null for grouped-query attention
 */
public record ModelConfig(String architecture, int nEmbd, int nLayer, int vocabSize, int nFf, int contextLength,
                          float rmsEps, AttentionConfig attention, RopeConfig rope, MoeConfig moe, MlaConfig mla) {

    public boolean isMoe() {
        return moe != null;
    }

    public boolean isMla() {
        return mla != null;
    }

    /** Whether layer {@code layer} routes its feed-forward through experts. */
    public boolean isMoeLayer(int layer) {
        return moe != null && layer >= moe.leadingDense();
    }

    /** Bytes of F32 KV cache one token occupies across all layers, as this runtime stores it. */
    public long kvBytesPerToken() {
        long perLayer = isMla()
                ? (long) mla.kvLoraRank() + mla.ropeDim()
                : (long) attention.kDim() + attention.vDim();
        return perLayer * nLayer * Float.BYTES;
    }

    /** Bytes per token the expanded (per-head K and V) form would take; equal to {@link #kvBytesPerToken()} for GQA. */
    public long expandedKvBytesPerToken() {
        if (!isMla()) {
            return kvBytesPerToken();
        }
        long perLayer = (long) attention.nHead() * (mla.headDimK() + mla.vDim());
        return perLayer * nLayer * Float.BYTES;
    }
}
