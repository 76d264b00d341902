package io.consilium.llm.model;

/**
 * Shape of grouped-query attention: {@code nHeadKv} key/value heads shared by {@code nHead} query heads.
 *
 * @param qkNorm where an RMS norm is applied to q and k before rope (qwen3: per head; olmoe: over the whole
 *               projection)
 */
public record AttentionConfig(int nHead, int nHeadKv, int headDimK, int headDimV, QkNorm qkNorm) {
    public enum QkNorm { NONE, PER_HEAD, FULL }

    public AttentionConfig {
        if (nHead <= 0 || nHeadKv <= 0 || nHead % nHeadKv != 0) {
            throw new IllegalArgumentException("head counts " + nHead + "/" + nHeadKv + " are not a valid GQA layout");
        }
    }

    public int qDim() {
        return nHead * headDimK;
    }

    public int kDim() {
        return nHeadKv * headDimK;
    }

    public int vDim() {
        return nHeadKv * headDimV;
    }
}
