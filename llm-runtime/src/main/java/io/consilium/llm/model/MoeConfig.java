package io.consilium.llm.model;

/**
 * Routed experts of a mixture-of-experts feed-forward, as llama.cpp's {@code build_moe_ffn} computes it.
 *
 * @param sharedFf      width of the always-on shared expert (0 = none)
 * @param sharedGated   qwen2moe: the shared expert's output is scaled by sigmoid(w · x)
 * @param normTopK      renormalise the selected experts' weights to sum 1
 * @param weightsScale  multiplier applied to the routing weights after normalisation (deepseek2)
 * @param nGroup        expert groups for group-limited routing (≤ 1 = off)
 * @param nGroupUsed    groups kept per token
 * @param leadingDense  the first layers use a dense feed-forward instead of experts (deepseek2)
 */
public record MoeConfig(int nExpert, int nExpertUsed, int expertFf, int sharedFf, boolean sharedGated,
                        Gating gating, boolean normTopK, float weightsScale, int nGroup, int nGroupUsed,
                        int leadingDense) {
    public enum Gating { SOFTMAX, SIGMOID }

    public MoeConfig {
        if (nExpert <= 0 || nExpertUsed <= 0 || nExpertUsed > nExpert) {
            throw new IllegalArgumentException("expert counts " + nExpert + "/" + nExpertUsed + " are invalid");
        }
    }

    public boolean groupLimited() {
        return nGroup > 1 && nGroupUsed < nGroup;
    }
}
