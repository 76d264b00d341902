package io.consilium.llm.tensor;

import static io.consilium.llm.tensor.Simd.F;
import static io.consilium.llm.tensor.Simd.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** Vector API versions of {@link FloatOps}; the tail of each loop falls back to the scalar twin. */
final class VectorFloatOps implements FloatOps {

    static final VectorFloatOps INSTANCE = new VectorFloatOps();
    private static final ScalarFloatOps TAIL = ScalarFloatOps.INSTANCE;

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        return Simd.dot(a, aOff, b, bOff, n);
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        FloatVector va = FloatVector.broadcast(F, alpha);
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, x, xOff + i).fma(va, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        }
        TAIL.axpy(alpha, x, xOff + i, y, yOff + i, n - i);
    }

    /**
     * Four keys at a time: their dot products formed as {@link Simd#dot} forms each (two accumulators over 2L-wide
     * steps, then the fixed-order lane sum), the sums taken together by {@link LaneSum#sum4Stored}: same bits, a
     * quarter of the reductions, which cost more than the 64-wide products themselves.
     */
    @Override
    public void dotsScaled(float[] q, int qOff, float[] k, int kOff, int kStride, int count, int n, float scale,
                           float[] out, int outOff) {
        if (L != 16 || n % (2 * L) != 0) {
            FloatOps.super.dotsScaled(q, qOff, k, kOff, kStride, count, n, scale, out, outOff);
            return;
        }
        float[] s = TypeKernel.blockScratch();
        int j = 0;
        for (; j + 4 <= count; j += 4) {
            dots4(q, qOff, k, kOff + j * kStride, kStride, n, s);
            int o = outOff + j;
            LaneSum.sum4Stored(s, 0, out, o, 1);
            out[o] = out[o] * scale;
            out[o + 1] = out[o + 1] * scale;
            out[o + 2] = out[o + 2] * scale;
            out[o + 3] = out[o + 3] * scale;
        }
        for (; j < count; j++) {
            out[outOff + j] = Simd.dot(q, qOff, k, kOff + j * kStride, n) * scale;
        }
    }

    /** Simd.dot's per-key vectors (acc0 + acc1) for keys at k0 + t·kStride, stored at s[16t]; n a multiple of 2L. */
    private static void dots4(float[] q, int qOff, float[] k, int k0, int kStride, int n, float[] s) {
        FloatVector a0 = FloatVector.zero(F), b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0, a3 = a0, b3 = a0;
        int k1 = k0 + kStride;
        int k2 = k1 + kStride;
        int k3 = k2 + kStride;
        for (int i = 0; i < n; i += 2 * L) {
            FloatVector q0 = FloatVector.fromArray(F, q, qOff + i);
            FloatVector q1 = FloatVector.fromArray(F, q, qOff + i + L);
            a0 = q0.fma(FloatVector.fromArray(F, k, k0 + i), a0);
            b0 = q1.fma(FloatVector.fromArray(F, k, k0 + i + L), b0);
            a1 = q0.fma(FloatVector.fromArray(F, k, k1 + i), a1);
            b1 = q1.fma(FloatVector.fromArray(F, k, k1 + i + L), b1);
            a2 = q0.fma(FloatVector.fromArray(F, k, k2 + i), a2);
            b2 = q1.fma(FloatVector.fromArray(F, k, k2 + i + L), b2);
            a3 = q0.fma(FloatVector.fromArray(F, k, k3 + i), a3);
            b3 = q1.fma(FloatVector.fromArray(F, k, k3 + i + L), b3);
        }
        a0.add(b0).intoArray(s, 0);
        a1.add(b1).intoArray(s, L);
        a2.add(b2).intoArray(s, 2 * L);
        a3.add(b3).intoArray(s, 3 * L);
    }

    /**
     * The loops of count axpy calls interchanged: each L-wide column of y stays in a register while every x row's
     * term is added to it in j order, the same FMAs in the same order per element as axpy after axpy (which stored
     * and reloaded y for every j).
     */
    @Override
    public void axpys(float[] alpha, int aOff, int count, float[] x, int xOff, int xStride, float[] y, int yOff, int n) {
        if (n % L != 0) {
            FloatOps.super.axpys(alpha, aOff, count, x, xOff, xStride, y, yOff, n);
            return;
        }
        int c = 0;
        for (; c + 4 * L <= n; c += 4 * L) {
            int yo = yOff + c;
            FloatVector y0 = FloatVector.fromArray(F, y, yo);
            FloatVector y1 = FloatVector.fromArray(F, y, yo + L);
            FloatVector y2 = FloatVector.fromArray(F, y, yo + 2 * L);
            FloatVector y3 = FloatVector.fromArray(F, y, yo + 3 * L);
            for (int j = 0; j < count; j++) {
                FloatVector va = FloatVector.broadcast(F, alpha[aOff + j]);
                int xo = xOff + j * xStride + c;
                y0 = FloatVector.fromArray(F, x, xo).fma(va, y0);
                y1 = FloatVector.fromArray(F, x, xo + L).fma(va, y1);
                y2 = FloatVector.fromArray(F, x, xo + 2 * L).fma(va, y2);
                y3 = FloatVector.fromArray(F, x, xo + 3 * L).fma(va, y3);
            }
            y0.intoArray(y, yo);
            y1.intoArray(y, yo + L);
            y2.intoArray(y, yo + 2 * L);
            y3.intoArray(y, yo + 3 * L);
        }
        for (; c < n; c += L) {
            FloatVector v = FloatVector.fromArray(F, y, yOff + c);
            for (int j = 0; j < count; j++) {
                v = FloatVector.fromArray(F, x, xOff + j * xStride + c).fma(FloatVector.broadcast(F, alpha[aOff + j]), v);
            }
            v.intoArray(y, yOff + c);
        }
    }

    @Override
    public void rmsnorm(float[] out, int outOff, float[] x, int xOff, float[] weight, int n, float eps) {
        int i = 0;
        FloatVector acc = FloatVector.zero(F);
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            acc = v.fma(v, acc);
        }
        double ss = LaneSum.sum(acc);
        for (; i < n; i++) {
            ss += (double) x[xOff + i] * x[xOff + i];
        }
        float inv = (float) (1.0 / Math.sqrt(ss / n + eps));
        i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i).mul(inv);
            if (weight != null) {
                v = v.mul(FloatVector.fromArray(F, weight, i));
            }
            v.intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            float v = x[xOff + i] * inv;
            out[outOff + i] = weight == null ? v : v * weight[i];
        }
    }

    @Override
    public void softmax(float[] x, int off, int n) {
        int bound = F.loopBound(n);
        float max = Float.NEGATIVE_INFINITY;
        int i = 0;
        if (bound > 0) {
            FloatVector m = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (; i < bound; i += L) {
                m = m.max(FloatVector.fromArray(F, x, off + i));
            }
            max = m.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        float sum = VectorExp.expShiftedSum(x, off, n, max);
        scale(x, off, n, 1f / sum);
    }

    @Override
    public void siluMul(float[] gate, int gOff, float[] up, int uOff, int n) {
        VectorExp.siluMul(gate, gOff, up, uOff, n);
    }

    @Override
    public void add(float[] y, int yOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, y, yOff + i).add(FloatVector.fromArray(F, x, xOff + i)).intoArray(y, yOff + i);
        }
        TAIL.add(y, yOff + i, x, xOff + i, n - i);
    }

    @Override
    public void scale(float[] x, int off, int n, float s) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, x, off + i).mul(s).intoArray(x, off + i);
        }
        TAIL.scale(x, off + i, n - i, s);
    }

    @Override
    public void gemvColumnMajor(float[] m, int mOff, int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        int r = 0;
        // 4 vectors of rows at a time stay in registers across all columns
        for (; r + 4 * L <= rows; r += 4 * L) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            for (int c = 0; c < cols; c++) {
                FloatVector xc = FloatVector.broadcast(F, x[xOff + c]);
                int o = mOff + c * rows + r;
                a0 = FloatVector.fromArray(F, m, o).fma(xc, a0);
                a1 = FloatVector.fromArray(F, m, o + L).fma(xc, a1);
                a2 = FloatVector.fromArray(F, m, o + 2 * L).fma(xc, a2);
                a3 = FloatVector.fromArray(F, m, o + 3 * L).fma(xc, a3);
            }
            a0.intoArray(out, outOff + r);
            a1.intoArray(out, outOff + r + L);
            a2.intoArray(out, outOff + r + 2 * L);
            a3.intoArray(out, outOff + r + 3 * L);
        }
        for (; r + L <= rows; r += L) {
            FloatVector a = FloatVector.zero(F);
            for (int c = 0; c < cols; c++) {
                a = FloatVector.fromArray(F, m, mOff + c * rows + r).fma(FloatVector.broadcast(F, x[xOff + c]), a);
            }
            a.intoArray(out, outOff + r);
        }
        for (; r < rows; r++) {
            float sum = 0f;
            for (int c = 0; c < cols; c++) {
                sum += m[mOff + c * rows + r] * x[xOff + c];
            }
            out[outOff + r] = sum;
        }
    }
}
