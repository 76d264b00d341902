package io.consilium.llm.model;

/** Hyperparameter parsing shared by the llama-family architectures. */
public final class FamilyConfigs {
    private FamilyConfigs() {
    }

    /** A GQA model; {@code moe} may be null (dense). */
    public static ModelConfig gqa(ConfigReader r, int vocab, RopeConfig.Type ropeType, AttentionConfig.QkNorm qk,
                                  MoeConfig moe) {
        int nEmbd = r.requireInt("embedding_length");
        int nLayer = r.requireInt("block_count");
        int nFf = r.getInt("feed_forward_length", 0);
        int ctx = r.getInt("context_length", 2048);
        float eps = r.requireFloat("attention.layer_norm_rms_epsilon");
        AttentionConfig att = r.attention(nEmbd, qk);
        RopeConfig rope = r.rope(ropeType, att.headDimK(), ctx);
        return new ModelConfig(r.arch(), nEmbd, nLayer, vocab, nFf, ctx, eps, att, rope, moe, null);
    }

    /**
     * Routed experts if {@code {arch}.expert_count} is set, else null. Expert width defaults to
     * feed_forward_length as llama.cpp does for llama (Mixtral) and olmoe.
     */
    public static MoeConfig moe(ConfigReader r, boolean normTopK, boolean sharedExpert) {
        int nExpert = r.getInt("expert_count", 0);
        if (nExpert == 0) {
            return null;
        }
        int used = r.requireInt("expert_used_count");
        int ff = r.getInt("expert_feed_forward_length", r.getInt("feed_forward_length", 0));
        int shared = sharedExpert ? r.requireInt("expert_shared_feed_forward_length") : 0;
        return new MoeConfig(nExpert, used, ff, shared, sharedExpert, MoeConfig.Gating.SOFTMAX, normTopK, 1f,
                0, 0, 0);
    }

    /** Like {@link #moe} for architectures that are always MoE: a missing expert_count is a user error. */
    public static MoeConfig requireMoe(ConfigReader r, boolean normTopK, boolean sharedExpert) {
        r.requireInt("expert_count");
        return moe(r, normTopK, sharedExpert);
    }
}
