package io.consilium.llm.model.block;

import io.consilium.llm.model.MlaConfig;
import io.consilium.llm.tensor.FloatGemm;
import io.consilium.llm.tensor.FloatOps;
import io.consilium.llm.tensor.WeightMatrix;

/**
 * DeepSeek multi-head latent attention with weight absorption. The cache keeps only the normalised latent
 * (kv_lora_rank) and the roped shared key (rope dims) per token. Each head's no-rope query is mapped into latent
 * space by W_UK (absorbed), attention runs against the latents directly, and W_UV maps the attended latent back
 * to the head's value space before the output projection.
 */
public final class MlaAttention implements AttentionBlock {
    /**
     * @param wq      plain query projection (no q-LoRA), else null
     * @param wqA     q-LoRA down projection, else null
     * @param qANorm  norm after wqA, else null
     * @param wqB     q-LoRA up projection, else null
     * @param wkvA    nEmbd → kv_lora_rank + rope dims
     * @param kvANorm norm of the latent
     * @param wkB     per head W_UK absorbed: kv_lora_rank × nope (maps a head's no-rope query into latent space)
     * @param wvB     per head W_UV: vDim × kv_lora_rank
     */
    public record Weights(WeightMatrix wq, WeightMatrix wqA, float[] qANorm, WeightMatrix wqB, WeightMatrix wkvA,
                          float[] kvANorm, HeadMatrices wkB, HeadMatrices wvB, WeightMatrix wo) {
    }

    /** Heads per parallel work item of the attention: the tiles of {@link FloatGemm} take four rows at a time. */
    private static final int HEAD_GROUP = 4;

    private final MlaConfig cfg;
    private final int nHead;
    private final Weights w;
    private final Rope rope;
    private final float eps;

    public MlaAttention(MlaConfig cfg, int nHead, Weights w, Rope rope, float eps) {
        this.cfg = cfg;
        this.nHead = nHead;
        this.w = w;
        this.rope = rope;
        this.eps = eps;
    }

    @Override
    public long bytesPerToken() {
        long q = w.wq() != null ? w.wq().data().byteSize() : w.wqA().data().byteSize() + w.wqB().data().byteSize();
        return q + w.wkvA().data().byteSize() + w.wkB().byteSize() + w.wvB().byteSize() + w.wo().data().byteSize();
    }

    @Override
    public void forward(Compute c, float[] xn, int n, SequenceState st, int layer, float[] out) {
        forwardSegments(c, xn, new SequenceState[] {st}, new int[] {0}, new int[] {n}, layer, out);
    }

    /** Projections run once over the rows of every sequence; rope, latent cache and attention per sequence. */
    @Override
    public void forwardSegments(Compute c, float[] xn, SequenceState[] states, int[] start, int[] len, int layer,
                                float[] out) {
        FloatOps ops = c.ops();
        int n = 0;
        for (int l : len) {
            n += l;
        }
        int hdk = cfg.headDimK();
        int nope = cfg.nopeDim();
        int rd = cfg.ropeDim();
        int lora = cfg.kvLoraRank();
        int qDim = nHead * hdk;
        float[] q = Scratch.floats(Scratch.Q, n * qDim);
        float[] kva = Scratch.floats(Scratch.K, n * (lora + rd));
        float[] qa = w.wq() != null ? q : Scratch.floats(Scratch.QA, n * cfg.qLoraRank());
        WeightMatrix first = w.wq() != null ? w.wq() : w.wqA();
        if (n == 1) {
            new LinearBatch().add(first, xn, qa).add(w.wkvA(), xn, kva).run(c);
        } else if (c.rowwise()) {
            new RowsBatch().add(first, xn, 0, n, qa, 0).add(w.wkvA(), xn, 0, n, kva, 0).run(c);
        } else {
            c.linear(first, xn, n, qa);
            c.linear(w.wkvA(), xn, n, kva);
        }
        if (w.wq() == null) {
            c.rmsnormRows(qa, qa, w.qANorm(), n, cfg.qLoraRank(), eps);
            c.linear(w.wqB(), qa, n, q);
        }
        float[] cs = Scratch.floats(Scratch.CS, rd);
        int[] rowSeq = new int[n];
        int[] rowPos = new int[n];
        int maxLen = 0;
        for (int s = 0; s < states.length; s++) {
            SequenceState st = states[s];
            int pos0 = st.position();
            st.ensure(pos0 + len[s]);
            float[] latent = st.a(layer);
            float[] kpe = st.b(layer);
            for (int i = 0; i < len[s]; i++) {
                int t = start[s] + i;
                int p = pos0 + i;
                rowSeq[t] = s;
                rowPos[t] = p;
                maxLen = Math.max(maxLen, p + 1);
                rope.table(p, cs);
                int src = t * (lora + rd);
                ops.rmsnorm(latent, p * lora, kva, src, w.kvANorm(), lora, eps);
                System.arraycopy(kva, src + lora, kpe, p * rd, rd);
                rope.rotate(kpe, p * rd, cs);
                for (int h = 0; h < nHead; h++) {
                    rope.rotate(q, t * qDim + h * hdk + nope, cs);
                }
            }
        }
        int vDim = cfg.vDim();
        float[] v = Scratch.floats(Scratch.V, n * nHead * vDim);
        if (states.length == 1 && n > 1 && !c.rowwise() && c.kernels().vectorized()
                && MlaPrefill.cheaper(cfg, states[0].position(), n)) {
            MlaPrefill.attend(c, cfg, nHead, w.wkB(), w.wvB(), q, states[0].a(layer), states[0].b(layer),
                    states[0].position(), n, v);
            c.linear(w.wo(), v, n, out);
            return;
        }
        float scale = cfg.kqScale();
        int scoreLen = maxLen;
        boolean tiles = c.kernels().vectorized();
        int groups = (nHead + HEAD_GROUP - 1) / HEAD_GROUP;
        c.pool().parallelFor(n * groups, (from, to) -> {
            float[] qAbs = Scratch.floats(Scratch.QABS, HEAD_GROUP * lora);
            float[] oLat = Scratch.floats(Scratch.OLAT, HEAD_GROUP * lora);
            float[] scores = Scratch.floats(Scratch.SCORES, HEAD_GROUP * scoreLen);
            float[] ropeScores = Scratch.floats(Scratch.ROPE_SCORES, HEAD_GROUP * scoreLen);
            for (int item = from; item < to; item++) {
                int t = item / groups;
                int h0 = (item % groups) * HEAD_GROUP;
                int g = Math.min(HEAD_GROUP, nHead - h0);
                float[] latent = states[rowSeq[t]].a(layer);
                float[] kpe = states[rowSeq[t]].b(layer);
                int qOff = t * qDim + h0 * hdk;
                int len1 = rowPos[t] + 1;
                w.wkB().applyGroup(c.kernels(), h0, g, q, qOff, hdk, qAbs, 0, lora);
                if (tiles) {
                    // the group's heads share the latent cache: each cached row is read once for all of them
                    FloatGemm.nt(qAbs, 0, lora, g, latent, 0, lora, len1, lora, scores, 0, len1);
                    FloatGemm.nt(q, qOff + nope, hdk, g, kpe, 0, rd, len1, rd, ropeScores, 0, len1);
                } else {
                    for (int i = 0; i < g; i++) {
                        for (int j = 0; j < len1; j++) {
                            scores[i * len1 + j] = ops.dot(qAbs, i * lora, latent, j * lora, lora);
                            ropeScores[i * len1 + j] = ops.dot(q, qOff + i * hdk + nope, kpe, j * rd, rd);
                        }
                    }
                }
                for (int i = 0; i < g; i++) {
                    int row = i * len1;
                    ops.add(scores, row, ropeScores, row, len1);
                    ops.scale(scores, row, len1, scale);
                    ops.softmax(scores, row, len1);
                }
                if (tiles) {
                    FloatGemm.nn(scores, 0, len1, g, len1, latent, 0, lora, lora, oLat, 0, lora);
                } else {
                    java.util.Arrays.fill(oLat, 0, g * lora, 0f);
                    for (int i = 0; i < g; i++) {
                        ops.axpys(scores, i * len1, len1, latent, 0, lora, oLat, i * lora, lora);
                    }
                }
                w.wvB().applyGroup(c.kernels(), h0, g, oLat, 0, lora, v, (t * nHead + h0) * vDim, vDim);
            }
        });
        c.linear(w.wo(), v, n, out);
    }
}
