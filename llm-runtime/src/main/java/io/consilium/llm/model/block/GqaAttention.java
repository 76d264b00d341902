package io.consilium.llm.model.block;

import io.consilium.llm.model.AttentionConfig;
import io.consilium.llm.tensor.FloatOps;
import io.consilium.llm.tensor.WeightMatrix;

/**
 * Causal grouped-query self-attention with optional q/k/v biases (qwen2) and q/k RMS norms (qwen3 per head,
 * olmoe over the whole projection), rope, and an F32 KV cache in {@link SequenceState}.
 */
public final class GqaAttention implements AttentionBlock {
    /** The projections and optional extras of one layer; null for an absent bias or norm. */
    public record Weights(WeightMatrix wq, WeightMatrix wk, WeightMatrix wv, WeightMatrix wo,
                          float[] bq, float[] bk, float[] bv, float[] qNorm, float[] kNorm) {
    }

    private final AttentionConfig cfg;
    private final Weights w;
    private final Rope rope;
    private final float eps;
    private final float kqScale;

    public GqaAttention(AttentionConfig cfg, Weights w, Rope rope, float eps) {
        this.cfg = cfg;
        this.w = w;
        this.rope = rope;
        this.eps = eps;
        this.kqScale = (float) (1.0 / Math.sqrt(cfg.headDimK()));
    }

    @Override
    public long bytesPerToken() {
        return w.wq().data().byteSize() + w.wk().data().byteSize() + w.wv().data().byteSize()
                + w.wo().data().byteSize();
    }

    @Override
    public void forward(Compute c, float[] xn, int n, SequenceState st, int layer, float[] out) {
        FloatOps ops = c.ops();
        int qDim = cfg.qDim();
        int kDim = cfg.kDim();
        int vDim = cfg.vDim();
        int hd = cfg.headDimK();
        float[] q = new float[n * qDim];
        float[] k = new float[n * kDim];
        float[] v = new float[n * vDim];
        if (n == 1) {
            new LinearBatch().add(w.wq(), xn, q).add(w.wk(), xn, k).add(w.wv(), xn, v).run(c);
        } else {
            c.linear(w.wq(), xn, n, q);
            c.linear(w.wk(), xn, n, k);
            c.linear(w.wv(), xn, n, v);
        }
        addBias(ops, q, w.bq(), n);
        addBias(ops, k, w.bk(), n);
        addBias(ops, v, w.bv(), n);
        switch (cfg.qkNorm()) {
            case PER_HEAD -> {
                for (int i = 0; i < n * cfg.nHead(); i++) {
                    ops.rmsnorm(q, i * hd, q, i * hd, w.qNorm(), hd, eps);
                }
                for (int i = 0; i < n * cfg.nHeadKv(); i++) {
                    ops.rmsnorm(k, i * hd, k, i * hd, w.kNorm(), hd, eps);
                }
            }
            case FULL -> {
                c.rmsnormRows(q, q, w.qNorm(), n, qDim, eps);
                c.rmsnormRows(k, k, w.kNorm(), n, kDim, eps);
            }
            case NONE -> { }
        }
        int pos0 = st.position();
        st.ensure(pos0 + n);
        float[] cs = new float[rope.nRot()];
        float[] kc = st.a(layer);
        float[] vc = st.b(layer);
        for (int t = 0; t < n; t++) {
            rope.table(pos0 + t, cs);
            for (int h = 0; h < cfg.nHead(); h++) {
                rope.rotate(q, t * qDim + h * hd, cs);
            }
            for (int h = 0; h < cfg.nHeadKv(); h++) {
                rope.rotate(k, t * kDim + h * hd, cs);
            }
            System.arraycopy(k, t * kDim, kc, (pos0 + t) * kDim, kDim);
            System.arraycopy(v, t * vDim, vc, (pos0 + t) * vDim, vDim);
        }
        float[] att = new float[n * cfg.nHead() * cfg.headDimV()];
        attend(c, q, kc, vc, n, pos0, att);
        c.linear(w.wo(), att, n, out);
    }

    private void attend(Compute c, float[] q, float[] kc, float[] vc, int n, int pos0, float[] att) {
        int nHead = cfg.nHead();
        int group = nHead / cfg.nHeadKv();
        int hd = cfg.headDimK();
        int hdv = cfg.headDimV();
        int kDim = cfg.kDim();
        int vDim = cfg.vDim();
        FloatOps ops = c.ops();
        c.pool().parallelFor(n * nHead, (from, to) -> {
            float[] scores = new float[pos0 + n];
            for (int item = from; item < to; item++) {
                int t = item / nHead;
                int h = item % nHead;
                int kvh = h / group;
                int len = pos0 + t + 1;
                int qOff = t * nHead * hd + h * hd;
                for (int j = 0; j < len; j++) {
                    scores[j] = ops.dot(q, qOff, kc, j * kDim + kvh * hd, hd) * kqScale;
                }
                ops.softmax(scores, 0, len);
                int oOff = t * nHead * hdv + h * hdv;
                for (int j = 0; j < len; j++) {
                    ops.axpy(scores[j], vc, j * vDim + kvh * hdv, att, oOff, hdv);
                }
            }
        });
    }

    private static void addBias(FloatOps ops, float[] x, float[] bias, int n) {
        if (bias == null) {
            return;
        }
        for (int t = 0; t < n; t++) {
            ops.add(x, t * bias.length, bias, 0, bias.length);
        }
    }
}
