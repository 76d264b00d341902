package io.consilium.llm.model;

import static io.consilium.llm.model.TensorNames.*;

import io.consilium.llm.model.block.AttentionBlock;
import io.consilium.llm.model.block.DenseFfn;
import io.consilium.llm.model.block.FfnBlock;
import io.consilium.llm.model.block.GqaAttention;
import io.consilium.llm.model.block.MoeFfn;
import io.consilium.llm.model.block.Rope;
import io.consilium.llm.tensor.WeightMatrix;
import java.util.function.IntFunction;

/** Builds the layers shared by the llama family (llama, Mixtral, qwen2/3, their MoE variants, olmoe). */
public final class StandardLayers {
    private StandardLayers() {
    }

    /** Embedding, output norm, output (tied to the embedding when absent) and the layers. */
    public static TransformerModel assemble(ModelConfig cfg, TensorSource ts, IntFunction<AttentionBlock> attention) {
        int d = cfg.nEmbd();
        WeightMatrix embd = ts.matrix(TOKEN_EMBD, d, cfg.vocabSize());
        float[] outNorm = ts.vector(OUTPUT_NORM, d);
        WeightMatrix output = ts.optMatrix(OUTPUT, d, cfg.vocabSize()).orElse(embd);
        TransformerModel.Layer[] layers = new TransformerModel.Layer[cfg.nLayer()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new TransformerModel.Layer(ts.vector(weight(l, ATTN_NORM), d), attention.apply(l),
                    ts.vector(weight(l, FFN_NORM), d), ffn(cfg, ts, l));
        }
        return new TransformerModel(cfg, embd, outNorm, output, layers);
    }

    /** The model's rope, with Llama 3.1-style per-frequency factors when the file carries rope_freqs. */
    public static Rope rope(ModelConfig cfg, TensorSource ts) {
        return new Rope(cfg.rope(), ts.optVector(ROPE_FREQS, cfg.rope().nRot() / 2));
    }

    public static AttentionBlock gqa(ModelConfig cfg, TensorSource ts, int l, Rope rope) {
        AttentionConfig a = cfg.attention();
        int d = cfg.nEmbd();
        float[] qNorm = null;
        float[] kNorm = null;
        switch (a.qkNorm()) {
            case PER_HEAD -> {
                qNorm = ts.vector(weight(l, ATTN_Q_NORM), a.headDimK());
                kNorm = ts.vector(weight(l, ATTN_K_NORM), a.headDimK());
            }
            case FULL -> {
                qNorm = ts.vector(weight(l, ATTN_Q_NORM), a.qDim());
                kNorm = ts.vector(weight(l, ATTN_K_NORM), a.kDim());
            }
            case NONE -> { }
        }
        var w = new GqaAttention.Weights(
                ts.matrix(weight(l, ATTN_Q), d, a.qDim()),
                ts.matrix(weight(l, ATTN_K), d, a.kDim()),
                ts.matrix(weight(l, ATTN_V), d, a.vDim()),
                ts.matrix(weight(l, ATTN_OUTPUT), a.nHead() * a.headDimV(), d),
                ts.optVector(bias(l, ATTN_Q), a.qDim()),
                ts.optVector(bias(l, ATTN_K), a.kDim()),
                ts.optVector(bias(l, ATTN_V), a.vDim()),
                qNorm, kNorm);
        return new GqaAttention(a, w, rope, cfg.rmsEps());
    }

    public static FfnBlock ffn(ModelConfig cfg, TensorSource ts, int l) {
        int d = cfg.nEmbd();
        if (!cfg.isMoeLayer(l)) {
            return dense(ts, l, d, cfg.nFf(), FFN_GATE, FFN_UP, FFN_DOWN);
        }
        MoeConfig m = cfg.moe();
        int ff = m.expertFf();
        int nE = m.nExpert();
        DenseFfn shared = m.sharedFf() > 0
                ? dense(ts, l, d, m.sharedFf(), FFN_GATE_SHEXP, FFN_UP_SHEXP, FFN_DOWN_SHEXP) : null;
        float[] sharedGate = m.sharedGated() ? ts.vector(weight(l, FFN_GATE_INP_SHEXP), d) : null;
        var w = new MoeFfn.Weights(
                ts.matrix(weight(l, FFN_GATE_INP), d, nE),
                ts.optVector(bias(l, EXP_PROBS_B), nE),
                ts.experts(weight(l, FFN_GATE_EXPS), d, ff, nE),
                ts.experts(weight(l, FFN_UP_EXPS), d, ff, nE),
                ts.experts(weight(l, FFN_DOWN_EXPS), ff, d, nE),
                shared, sharedGate);
        return new MoeFfn(m, w, d);
    }

    private static DenseFfn dense(TensorSource ts, int l, int d, int ff, String gate, String up, String down) {
        return new DenseFfn(ts.matrix(weight(l, gate), d, ff), ts.matrix(weight(l, up), d, ff),
                ts.matrix(weight(l, down), ff, d));
    }
}
