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
