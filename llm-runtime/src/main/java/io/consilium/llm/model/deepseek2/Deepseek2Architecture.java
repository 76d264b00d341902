package io.consilium.llm.model.deepseek2;

import static io.consilium.llm.model.TensorNames.*;

import io.consilium.llm.gguf.GgufMetadata;
import io.consilium.llm.model.Architecture;
import io.consilium.llm.model.AttentionConfig;
import io.consilium.llm.model.ConfigReader;
import io.consilium.llm.model.MlaConfig;
import io.consilium.llm.model.ModelConfig;
import io.consilium.llm.model.MoeConfig;
import io.consilium.llm.model.RopeConfig;
import io.consilium.llm.model.StandardLayers;
import io.consilium.llm.model.TensorSource;
import io.consilium.llm.model.TransformerModel;
import io.consilium.llm.model.block.HeadMatrices;
import io.consilium.llm.model.block.MlaAttention;
import io.consilium.llm.model.block.Rope;
import io.consilium.llm.tensor.WeightMatrix;
import java.nio.file.Path;

/**
 * deepseek2 (DeepSeek V2, V2-Lite, V3, R1): multi-head latent attention with or without q-LoRA, leading dense
 * layers, routed + shared experts with softmax or sigmoid gating, score-correction bias, group-limited routing,
 * normalised/scaled top-k weights and YaRN. Both the split {@code attn_k_b}/{@code attn_v_b} layout of current
 * llama.cpp conversions and the legacy {@code attn_kv_b} are read.
 */
public final class Deepseek2Architecture implements Architecture {
    public static final String NAME = "deepseek2";
    private static final int GATING_SIGMOID = 2;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelConfig config(GgufMetadata md, Path file, int vocabSize) {
        ConfigReader r = new ConfigReader(md, NAME, file);
        int nEmbd = r.requireInt("embedding_length");
        int nLayer = r.requireInt("block_count");
        int nFf = r.getInt("feed_forward_length", 0);
        int ctx = r.getInt("context_length", 4096);
        float eps = r.requireFloat("attention.layer_norm_rms_epsilon");
        int nHead = r.requireInt("attention.head_count");
        int kvLora = r.requireInt("attention.kv_lora_rank");
        int qLora = r.getInt("attention.q_lora_rank", 0);
        int ropeDim = r.requireInt("rope.dimension_count");
        boolean split = r.has("attention.key_length_mla");
        int headK = split ? r.requireInt("attention.key_length_mla") : r.requireInt("attention.key_length");
        int vDim = split ? r.requireInt("attention.value_length_mla") : r.requireInt("attention.value_length");
        RopeConfig rope = r.rope(RopeConfig.Type.NORM, ropeDim, ctx);

        double factor = 1.0 / rope.freqScale();
        float logMul = r.getFloat("rope.scaling.yarn_log_multiplier", 0f) / 0.1f;
        double attnFactorOrg = rope.attnFactor() * (1.0 + 0.1 * Math.log(factor));
        double mscale = attnFactorOrg * (1.0 + 0.1 * logMul * Math.log(factor));
        float kqScale = (float) (mscale * mscale / Math.sqrt(headK));
        MlaConfig mla = new MlaConfig(qLora, kvLora, headK - ropeDim, ropeDim, vDim, kqScale);

        int ff = r.requireInt("expert_feed_forward_length");
        int nShared = r.getInt("expert_shared_count", 0);
        int gating = r.getInt("expert_gating_func", 1);
        MoeConfig moe = new MoeConfig(r.requireInt("expert_count"), r.requireInt("expert_used_count"), ff,
                ff * nShared, false, gating == GATING_SIGMOID ? MoeConfig.Gating.SIGMOID : MoeConfig.Gating.SOFTMAX,
                r.getBoolean("expert_weights_norm", false), r.getFloat("expert_weights_scale", 1f),
                r.getInt("expert_group_count", 0), r.getInt("expert_group_used_count", 0),
                r.getInt("leading_dense_block_count", 0));
        AttentionConfig att = new AttentionConfig(nHead, nHead, headK, vDim, AttentionConfig.QkNorm.NONE);
        return new ModelConfig(NAME, nEmbd, nLayer, vocabSize, nFf, ctx, eps, att, rope, moe, mla);
    }

    @Override
    public TransformerModel build(ModelConfig cfg, TensorSource ts) {
        Rope rope = StandardLayers.rope(cfg, ts);
        return StandardLayers.assemble(cfg, ts, l -> new MlaAttention(cfg.mla(), cfg.attention().nHead(),
                weights(cfg, ts, l), rope, cfg.rmsEps()));
    }

    private static MlaAttention.Weights weights(ModelConfig cfg, TensorSource ts, int l) {
        MlaConfig m = cfg.mla();
        int d = cfg.nEmbd();
        int nHead = cfg.attention().nHead();
        int qDim = nHead * m.headDimK();
        int lora = m.kvLoraRank();
        boolean qLora = m.qLoraRank() > 0;
        HeadMatrices wkB;
        HeadMatrices wvB;
        if (ts.has(weight(l, ATTN_K_B))) {
            wkB = HeadMatrices.byRows(ts.experts(weight(l, ATTN_K_B), m.nopeDim(), lora, nHead), nHead, lora,
                    m.nopeDim(), lora, 0);
            wvB = HeadMatrices.byRows(ts.experts(weight(l, ATTN_V_B), lora, m.vDim(), nHead), nHead, m.vDim(), lora,
                    m.vDim(), 0);
        } else {
            HeadMatrices[] split = splitKvB(ts.matrix(weight(l, ATTN_KV_B), lora, nHead * (m.nopeDim() + m.vDim())),
                    nHead, m.nopeDim(), m.vDim(), lora);
            wkB = split[0];
            wvB = split[1];
        }
        return new MlaAttention.Weights(
                qLora ? null : ts.matrix(weight(l, ATTN_Q), d, qDim),
                qLora ? ts.matrix(weight(l, ATTN_Q_A), d, m.qLoraRank()) : null,
                qLora ? ts.vector(weight(l, ATTN_Q_A_NORM), m.qLoraRank()) : null,
                qLora ? ts.matrix(weight(l, ATTN_Q_B), m.qLoraRank(), qDim) : null,
                ts.matrix(weight(l, ATTN_KV_A_MQA), d, lora + m.ropeDim()),
                ts.vector(weight(l, ATTN_KV_A_NORM), lora),
                wkB, wvB,
                ts.matrix(weight(l, ATTN_OUTPUT), nHead * m.vDim(), d));
    }

    /**
     * Legacy attn_kv_b rows per head: nope rows of W_UK's columns, then vDim rows of W_UV, each kv_lora_rank wide —
     * viewed in place: W_UK (kv_lora_rank × nope) by columns, W_UV by rows.
     */
    static HeadMatrices[] splitKvB(WeightMatrix kvB, int nHead, int nope, int vDim, int lora) {
        return new HeadMatrices[] {HeadMatrices.byColumns(kvB, nHead, lora, nope, nope + vDim, 0),
            HeadMatrices.byRows(kvB, nHead, vDim, lora, nope + vDim, nope)};
    }
}
