package io.consilium.llm.model.block;

import io.consilium.llm.model.AttentionConfig;
import io.consilium.llm.tensor.FloatGemm;
import io.consilium.llm.tensor.FloatOps;
import io.consilium.llm.tensor.Kernels;
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

    /** Per kv head: the q rows of its query heads, its k rows and its v rows (for the fused one-token path). */
    private final WeightMatrix[] wqGroup;
    private final WeightMatrix[] wkHead;
    private final WeightMatrix[] wvHead;

    public GqaAttention(AttentionConfig cfg, Weights w, Rope rope, float eps) {
        this.cfg = cfg;
        this.w = w;
        this.rope = rope;
        this.eps = eps;
        this.kqScale = (float) (1.0 / Math.sqrt(cfg.headDimK()));
        int nKv = cfg.nHeadKv();
        int group = cfg.nHead() / nKv;
        wqGroup = new WeightMatrix[nKv];
        wkHead = new WeightMatrix[nKv];
        wvHead = new WeightMatrix[nKv];
        for (int g = 0; g < nKv; g++) {
            wqGroup[g] = w.wq().rowSlice(g * group * cfg.headDimK(), group * cfg.headDimK());
            wkHead[g] = w.wk().rowSlice(g * cfg.headDimK(), cfg.headDimK());
            wvHead[g] = w.wv().rowSlice(g * cfg.headDimV(), cfg.headDimV());
        }
    }

    @Override
    public long bytesPerToken() {
        return w.wq().data().byteSize() + w.wk().data().byteSize() + w.wv().data().byteSize()
                + w.wo().data().byteSize();
    }

    @Override
    public void forward(Compute c, float[] xn, int n, SequenceState st, int layer, float[] out) {
        // one thread gains nothing from per-kv-head tasks and would pay a matvec call and input preparation per head
        int threads = c.pool().threads();
        if (n == 1 && cfg.qkNorm() != AttentionConfig.QkNorm.FULL && threads > 1 && cfg.nHeadKv() >= threads) {
            forwardOne(c, xn, st, layer, out);
            return;
        }
        forwardSegments(c, xn, new SequenceState[] {st}, new int[] {0}, new int[] {n}, layer, out);
    }

    /**
     * One decoded token in one parallel region before the output projection: each task is one kv head — the q rows
     * of its query heads, its k and v rows, biases, norms, rope, its cache slot and its heads' attention — since
     * nothing in a kv-head group needs another group. Saves a hand-off per layer and runs rope and cache writes in
     * parallel; every value is computed by the same calls as in {@link #forwardSegments}, so the bits are the same.
     */
    private void forwardOne(Compute c, float[] xn, SequenceState st, int layer, float[] out) {
        FloatOps ops = c.ops();
        int qDim = cfg.qDim();
        int kDim = cfg.kDim();
        int vDim = cfg.vDim();
        int hd = cfg.headDimK();
        int hdv = cfg.headDimV();
        int group = cfg.nHead() / cfg.nHeadKv();
        float[] q = Scratch.floats(Scratch.Q, qDim);
        float[] k = Scratch.floats(Scratch.K, kDim);
        float[] v = Scratch.floats(Scratch.V, vDim);
        float[] cs = Scratch.floats(Scratch.CS, rope.nRot());
        int pos = st.position();
        st.ensure(pos + 1);
        rope.table(pos, cs);
        float[] kc = st.a(layer);
        float[] vc = st.b(layer);
        float[] att = Scratch.zeroed(Scratch.ATT, cfg.nHead() * hdv);
        int len = pos + 1;
        boolean tiles = c.kernels().vectorized();
        c.pool().parallelTasks(cfg.nHeadKv(), (g0, g1) -> {
            float[] scores = Scratch.floats(Scratch.SCORES, group * len);
            for (int g = g0; g < g1; g++) {
                int q0 = g * group * hd;
                c.kernels().matvecs(java.util.List.of(new Kernels.Matvec(wqGroup[g], xn, 0, q, q0),
                        new Kernels.Matvec(wkHead[g], xn, 0, k, g * hd), new Kernels.Matvec(wvHead[g], xn, 0, v, g * hdv)));
                if (w.bq() != null) {
                    ops.add(q, q0, w.bq(), q0, group * hd);
                }
                if (w.bk() != null) {
                    ops.add(k, g * hd, w.bk(), g * hd, hd);
                }
                if (w.bv() != null) {
                    ops.add(v, g * hdv, w.bv(), g * hdv, hdv);
                }
                for (int h = g * group; h < (g + 1) * group; h++) {
                    if (cfg.qkNorm() == AttentionConfig.QkNorm.PER_HEAD) {
                        ops.rmsnorm(q, h * hd, q, h * hd, w.qNorm(), hd, eps);
                    }
                    rope.rotate(q, h * hd, cs);
                }
                if (cfg.qkNorm() == AttentionConfig.QkNorm.PER_HEAD) {
                    ops.rmsnorm(k, g * hd, k, g * hd, w.kNorm(), hd, eps);
                }
                rope.rotate(k, g * hd, cs);
                System.arraycopy(k, g * hd, kc, pos * kDim + g * hd, hd);
                System.arraycopy(v, g * hdv, vc, pos * vDim + g * hdv, hdv);
                attendGroup(ops, tiles, q, g * group * hd, kc, vc, g, len, scores, att, g * group * hdv);
            }
        });
        c.linear(w.wo(), att, 1, out);
    }

    /** Projections run once over the rows of every sequence; rope, cache and attention per sequence. */
    @Override
    public void forwardSegments(Compute c, float[] xn, SequenceState[] states, int[] start, int[] len, int layer,
                                float[] out) {
        FloatOps ops = c.ops();
        int n = 0;
        for (int l : len) {
            n += l;
        }
        int qDim = cfg.qDim();
        int kDim = cfg.kDim();
        int vDim = cfg.vDim();
        int hd = cfg.headDimK();
        float[] q = Scratch.floats(Scratch.Q, n * qDim);
        float[] k = Scratch.floats(Scratch.K, n * kDim);
        float[] v = Scratch.floats(Scratch.V, n * vDim);
        if (n == 1) {
            new LinearBatch().add(w.wq(), xn, q).add(w.wk(), xn, k).add(w.wv(), xn, v).run(c);
        } else if (c.rowwise()) {
            new RowsBatch().add(w.wq(), xn, 0, n, q, 0).add(w.wk(), xn, 0, n, k, 0).add(w.wv(), xn, 0, n, v, 0).run(c);
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
        float[] cs = Scratch.floats(Scratch.CS, rope.nRot());
        int[] rowSeq = new int[n];
        int[] rowPos = new int[n];
        for (int s = 0; s < states.length; s++) {
            SequenceState st = states[s];
            int pos0 = st.position();
            st.ensure(pos0 + len[s]);
            float[] kc = st.a(layer);
            float[] vc = st.b(layer);
            for (int i = 0; i < len[s]; i++) {
                int t = start[s] + i;
                rowSeq[t] = s;
                rowPos[t] = pos0 + i;
                rope.table(pos0 + i, cs);
                for (int h = 0; h < cfg.nHead(); h++) {
                    rope.rotate(q, t * qDim + h * hd, cs);
                }
                for (int h = 0; h < cfg.nHeadKv(); h++) {
                    rope.rotate(k, t * kDim + h * hd, cs);
                }
                System.arraycopy(k, t * kDim, kc, (pos0 + i) * kDim, kDim);
                System.arraycopy(v, t * vDim, vc, (pos0 + i) * vDim, vDim);
            }
        }
        int attLen = n * cfg.nHead() * cfg.headDimV();
        float[] att = Scratch.zeroed(Scratch.ATT, attLen);
        attend(c, q, states, rowSeq, rowPos, layer, n, att);
        c.linear(w.wo(), att, n, out);
    }

    private void attend(Compute c, float[] q, SequenceState[] states, int[] rowSeq, int[] rowPos, int layer, int n,
                        float[] att) {
        int nHead = cfg.nHead();
        int group = nHead / cfg.nHeadKv();
        int hd = cfg.headDimK();
        int hdv = cfg.headDimV();
        int maxLen = 0;
        for (int p : rowPos) {
            maxLen = Math.max(maxLen, p + 1);
        }
        int scoreLen = maxLen;
        FloatOps ops = c.ops();
        int nKv = cfg.nHeadKv();
        boolean tiles = c.kernels().vectorized();
        c.pool().parallelFor(n * nKv, (from, to) -> {
            float[] scores = Scratch.floats(Scratch.SCORES, group * scoreLen);
            for (int item = from; item < to; item++) {
                int t = item / nKv;
                int kvh = item % nKv;
                int len = rowPos[t] + 1;
                float[] kc = states[rowSeq[t]].a(layer);
                float[] vc = states[rowSeq[t]].b(layer);
                int h0 = kvh * group;
                attendGroup(ops, tiles, q, t * nHead * hd + h0 * hd, kc, vc, kvh, len, scores, att,
                        t * nHead * hdv + h0 * hdv);
            }
        });
    }

    /**
     * The query heads of kv head kvh (rows of q from qOff, hd apart) over cache rows [0, len): softmax(q·k / √d)
     * weighted sum of v, written to att from oOff (hdv apart). The group shares its keys and values, so with the
     * vector kernels the scores and the weighted sums are tiled products that read each cached row once for the
     * group ({@link FloatGemm}); every element has one summation order whichever thread or batch computes it.
     */
    private void attendGroup(FloatOps ops, boolean tiles, float[] q, int qOff, float[] kc, float[] vc, int kvh,
                             int len, float[] scores, float[] att, int oOff) {
        int hd = cfg.headDimK();
        int hdv = cfg.headDimV();
        int kDim = cfg.kDim();
        int vDim = cfg.vDim();
        int group = cfg.nHead() / cfg.nHeadKv();
        if (tiles) {
            FloatGemm.nt(q, qOff, hd, group, kc, kvh * hd, kDim, len, hd, scores, 0, len);
            for (int i = 0; i < group; i++) {
                ops.scale(scores, i * len, len, kqScale);
                ops.softmax(scores, i * len, len);
            }
            FloatGemm.nn(scores, 0, len, group, len, vc, kvh * hdv, vDim, hdv, att, oOff, hdv);
            return;
        }
        for (int i = 0; i < group; i++) {
            ops.dotsScaled(q, qOff + i * hd, kc, kvh * hd, kDim, len, hd, kqScale, scores, 0);
            ops.softmax(scores, 0, len);
            ops.axpys(scores, 0, len, vc, kvh * hdv, vDim, att, oOff + i * hdv, hdv);
        }
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
