package io.consilium.llm.model;

/**
 * Multi-head latent attention (DeepSeek V2/V3): keys and values are reconstructed from a compressed latent of
 * {@code kvLoraRank} values plus a shared rope key of {@code ropeDim} values per token.
 *
 * @param qLoraRank 0 when the query is a plain projection ({@code attn_q}, V2-Lite), else the rank of
 *                  {@code attn_q_a}/{@code attn_q_b}
 * @param kqScale   softmax scale including the YaRN magnitude correction
 */
public record MlaConfig(int qLoraRank, int kvLoraRank, int nopeDim, int ropeDim, int vDim, float kqScale) {
    public int headDimK() {
        return nopeDim + ropeDim;
    }
}
