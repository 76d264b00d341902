package io.consilium.llm.tensor;

import static io.consilium.llm.tensor.Simd.F;
import static io.consilium.llm.tensor.Simd.L;

import jdk.incubator.vector.FloatVector;

/**
 * Products of two float matrices on the calling thread, in register tiles: the prompt path of attention, where a
 * head's keys, values and scores for a whole chunk of tokens are matrices (one dot product or axpy per pair cost
 * more in loads, stores and lane sums than in arithmetic).
 *
 * <p>Every element is computed in one fixed order whatever the shapes and whichever tile it falls in: an
 * {@link #nt} element is one vector accumulator over d in steps of the lane count, summed by {@link LaneSum}; an
 * {@link #nn} element is a chain of fused multiply-adds over j in index order (the vector lanes and the scalar tail
 * do the same operation). So results do not depend on the threads or on how a caller blocks its rows.
 */
public final class FloatGemm {

    private static final ThreadLocal<float[]> SUMS = ThreadLocal.withInitial(() -> new float[16 * L]);

    private FloatGemm() {
    }

    /**
     * c[cOff + i·cStride + j] = Σ_k a[aOff + i·aStride + k] · b[bOff + j·bStride + k] for i &lt; m, j &lt; nb, k &lt; d:
     * rows of a against rows of b (scores against keys, latents against a head's key rows).
     */
    public static void nt(float[] a, int aOff, int aStride, int m, float[] b, int bOff, int bStride, int nb, int d,
                          float[] c, int cOff, int cStride) {
        if (!Simd.USABLE || d % L != 0) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < nb; j++) {
                    c[cOff + i * cStride + j] = dotScalar(a, aOff + i * aStride, b, bOff + j * bStride, d);
                }
            }
            return;
        }
        float[] acc = SUMS.get();
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 4 <= nb; j += 4) {
                tile4x4(a, aOff + i * aStride, aStride, b, bOff + j * bStride, bStride, d, acc);
                for (int r = 0; r < 4; r++) {
                    KernelBackend.tileSums(acc, 4 * r * L, c, cOff + (i + r) * cStride + j);
                }
            }
            for (; j < nb; j++) {
                for (int r = 0; r < 4; r++) {
                    c[cOff + (i + r) * cStride + j] = dot(a, aOff + (i + r) * aStride, b, bOff + j * bStride, d);
                }
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < nb; j++) {
                c[cOff + i * cStride + j] = dot(a, aOff + i * aStride, b, bOff + j * bStride, d);
            }
        }
    }

    /**
     * c[cOff + i·cStride + e] = Σ_{j &lt; k} p[pOff + i·pStride + j] · b[bOff + j·bStride + e] for i &lt; m, e &lt; w:
     * weights times rows (attention's probabilities times values, latents times a column-stored head matrix).
     */
    public static void nn(float[] p, int pOff, int pStride, int m, int k, float[] b, int bOff, int bStride, int w,
                          float[] c, int cOff, int cStride) {
        int e = 0;
        if (Simd.USABLE) {
            for (; e + 4 * L <= w; e += 4 * L) {
                int i = 0;
                for (; i + 4 <= m; i += 4) {
                    nnTile4(p, pOff + i * pStride, pStride, k, b, bOff + e, bStride, c, cOff + i * cStride + e, cStride);
                }
                for (; i < m; i++) {
                    nnTile1(p, pOff + i * pStride, k, b, bOff + e, bStride, c, cOff + i * cStride + e);
                }
            }
            for (; e + L <= w; e += L) {
                for (int i = 0; i < m; i++) {
                    FloatVector s = FloatVector.zero(F);
                    int pi = pOff + i * pStride;
                    for (int j = 0; j < k; j++) {
                        s = FloatVector.fromArray(F, b, bOff + j * bStride + e).fma(FloatVector.broadcast(F, p[pi + j]), s);
                    }
                    s.intoArray(c, cOff + i * cStride + e);
                }
            }
        }
        for (; e < w; e++) {
            for (int i = 0; i < m; i++) {
                float s = 0f;
                int pi = pOff + i * pStride;
                for (int j = 0; j < k; j++) {
                    s = Math.fma(b[bOff + j * bStride + e], p[pi + j], s);
                }
                c[cOff + i * cStride + e] = s;
            }
        }
    }

    /** The same sum as a tile element: one vector accumulator over d, then the fixed-order lane sum. */
    private static float dot(float[] a, int aOff, float[] b, int bOff, int d) {
        FloatVector s = FloatVector.zero(F);
        for (int k = 0; k < d; k += L) {
            s = FloatVector.fromArray(F, a, aOff + k).fma(FloatVector.fromArray(F, b, bOff + k), s);
        }
        return LaneSum.sum(s);
    }

    private static float dotScalar(float[] a, int aOff, float[] b, int bOff, int d) {
        float s = 0f;
        for (int k = 0; k < d; k++) {
            s = Math.fma(a[aOff + k], b[bOff + k], s);
        }
        return s;
    }

    /** 4 rows of a × 4 rows of b, sixteen accumulators stored (a's row r, b's rows 0-3) at acc[4·r·L ..]. */
    static void tile4x4(float[] a, int a0, int as, float[] b, int b0, int bs, int d, float[] acc) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int a1 = a0 + as, a2 = a1 + as, a3 = a2 + as;
        int b1 = b0 + bs, b2 = b1 + bs, b3 = b2 + bs;
        for (int k = 0; k < d; k += L) {
            FloatVector w0 = FloatVector.fromArray(F, b, b0 + k);
            FloatVector w1 = FloatVector.fromArray(F, b, b1 + k);
            FloatVector w2 = FloatVector.fromArray(F, b, b2 + k);
            FloatVector w3 = FloatVector.fromArray(F, b, b3 + k);
            FloatVector v = FloatVector.fromArray(F, a, a0 + k);
            c00 = v.fma(w0, c00);
            c01 = v.fma(w1, c01);
            c02 = v.fma(w2, c02);
            c03 = v.fma(w3, c03);
            v = FloatVector.fromArray(F, a, a1 + k);
            c10 = v.fma(w0, c10);
            c11 = v.fma(w1, c11);
            c12 = v.fma(w2, c12);
            c13 = v.fma(w3, c13);
            v = FloatVector.fromArray(F, a, a2 + k);
            c20 = v.fma(w0, c20);
            c21 = v.fma(w1, c21);
            c22 = v.fma(w2, c22);
            c23 = v.fma(w3, c23);
            v = FloatVector.fromArray(F, a, a3 + k);
            c30 = v.fma(w0, c30);
            c31 = v.fma(w1, c31);
            c32 = v.fma(w2, c32);
            c33 = v.fma(w3, c33);
        }
        c00.intoArray(acc, 0);
        c01.intoArray(acc, L);
        c02.intoArray(acc, 2 * L);
        c03.intoArray(acc, 3 * L);
        c10.intoArray(acc, 4 * L);
        c11.intoArray(acc, 5 * L);
        c12.intoArray(acc, 6 * L);
        c13.intoArray(acc, 7 * L);
        c20.intoArray(acc, 8 * L);
        c21.intoArray(acc, 9 * L);
        c22.intoArray(acc, 10 * L);
        c23.intoArray(acc, 11 * L);
        c30.intoArray(acc, 12 * L);
        c31.intoArray(acc, 13 * L);
        c32.intoArray(acc, 14 * L);
        c33.intoArray(acc, 15 * L);
    }

    /** 4 rows of p × 4 vectors of b's columns: sixteen accumulators, no lane sums. */
    private static void nnTile4(float[] p, int p0, int ps, int k, float[] b, int b0, int bs, float[] c, int c0, int cs) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int p1 = p0 + ps, p2 = p1 + ps, p3 = p2 + ps;
        for (int j = 0; j < k; j++) {
            int o = b0 + j * bs;
            FloatVector w0 = FloatVector.fromArray(F, b, o);
            FloatVector w1 = FloatVector.fromArray(F, b, o + L);
            FloatVector w2 = FloatVector.fromArray(F, b, o + 2 * L);
            FloatVector w3 = FloatVector.fromArray(F, b, o + 3 * L);
            FloatVector v = FloatVector.broadcast(F, p[p0 + j]);
            c00 = w0.fma(v, c00);
            c01 = w1.fma(v, c01);
            c02 = w2.fma(v, c02);
            c03 = w3.fma(v, c03);
            v = FloatVector.broadcast(F, p[p1 + j]);
            c10 = w0.fma(v, c10);
            c11 = w1.fma(v, c11);
            c12 = w2.fma(v, c12);
            c13 = w3.fma(v, c13);
            v = FloatVector.broadcast(F, p[p2 + j]);
            c20 = w0.fma(v, c20);
            c21 = w1.fma(v, c21);
            c22 = w2.fma(v, c22);
            c23 = w3.fma(v, c23);
            v = FloatVector.broadcast(F, p[p3 + j]);
            c30 = w0.fma(v, c30);
            c31 = w1.fma(v, c31);
            c32 = w2.fma(v, c32);
            c33 = w3.fma(v, c33);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c02.intoArray(c, c0 + 2 * L);
        c03.intoArray(c, c0 + 3 * L);
        c10.intoArray(c, c0 + cs);
        c11.intoArray(c, c0 + cs + L);
        c12.intoArray(c, c0 + cs + 2 * L);
        c13.intoArray(c, c0 + cs + 3 * L);
        c20.intoArray(c, c0 + 2 * cs);
        c21.intoArray(c, c0 + 2 * cs + L);
        c22.intoArray(c, c0 + 2 * cs + 2 * L);
        c23.intoArray(c, c0 + 2 * cs + 3 * L);
        c30.intoArray(c, c0 + 3 * cs);
        c31.intoArray(c, c0 + 3 * cs + L);
        c32.intoArray(c, c0 + 3 * cs + 2 * L);
        c33.intoArray(c, c0 + 3 * cs + 3 * L);
    }

    private static void nnTile1(float[] p, int p0, int k, float[] b, int b0, int bs, float[] c, int c0) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00;
        for (int j = 0; j < k; j++) {
            int o = b0 + j * bs;
            FloatVector v = FloatVector.broadcast(F, p[p0 + j]);
            c00 = FloatVector.fromArray(F, b, o).fma(v, c00);
            c01 = FloatVector.fromArray(F, b, o + L).fma(v, c01);
            c02 = FloatVector.fromArray(F, b, o + 2 * L).fma(v, c02);
            c03 = FloatVector.fromArray(F, b, o + 3 * L).fma(v, c03);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c02.intoArray(c, c0 + 2 * L);
        c03.intoArray(c, c0 + 3 * L);
    }
}
