package io.consilium.llm.tensor;

import static io.consilium.llm.tensor.Simd.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * e^x for float lanes from exactly rounded operations only (fma, add, multiply, bit moves), so every execution
 * mode gives the same bits. {@code lanewise(EXP)} does not: C2 calls a vector math library while the code that runs
 * before compilation calls {@code Math.exp} per lane, and the two differ in the last bit — enough for a seeded run to
 * sample differently depending on when the JIT finished. Cephes' single-precision scheme: x = n·ln2 + r with
 * |r| ≤ ln2/2, a degree-7 polynomial for e^r, then the exponent field set to n; within 2 ulp of the exact value.
 */
final class VectorExp {
    /** Below this e^x is under the smallest normal float: the result is 0 (also for -inf). */
    static final float MIN_ARG = -87.0f;
    /** Above this e^x would pass 2^127 · 2: clamped (the result is then e^88 ≈ 1.65e38, finite). */
    static final float MAX_ARG = 88.0f;
    private static final float LOG2E = 1.44269504088896341f;
    /** ln2 split so that n·LN2_HI is exact for the n that occur. */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5·2^23: adding it rounds to an integer held in the low mantissa bits. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    private VectorExp() {
    }

    /** Per-thread room for SiLU's e^−gate. */
    private static final ThreadLocal<float[]> SILU_EXP = ThreadLocal.withInitial(() -> new float[0]);

    /** x[off..off+n) ← e^(x − shift), returning their sum in {@link #expInto}'s order: softmax's inner step. */
    static float expShiftedSum(float[] x, int off, int n, float shift) {
        return expInto(x, off, x, off, n, 1f, shift);
    }

    /** gate[i] ← SiLU(gate[i]) · up[i] = gate / (1 + e^−gate) · up. */
    static void siluMul(float[] gate, int gOff, float[] up, int uOff, int n) {
        float[] e = SILU_EXP.get();
        if (e.length < n) {
            e = new float[n];
            SILU_EXP.set(e);
        }
        expInto(gate, gOff, e, 0, n, -1f, 0f);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector g = FloatVector.fromArray(F, gate, gOff + i);
            g.div(FloatVector.fromArray(F, e, i).add(1f)).mul(FloatVector.fromArray(F, up, uOff + i))
                    .intoArray(gate, gOff + i);
        }
        for (; i < n; i++) {
            gate[gOff + i] = gate[gOff + i] / (e[i] + 1f) * up[uOff + i];
        }
    }

    /**
     * dst[dstOff + i] ← e^(sign · src[srcOff + i] − shift) for i &lt; n, returning their sum in a fixed order (the
     * vector part's lanes by {@link LaneSum}, then the tail in index order). The exp is written out inside this loop:
     * C2 does not inline a separately compiled exp of this size into its callers, and a vector handed to a call is
     * boxed on the heap. src and dst may be the same range.
     */
    static float expInto(float[] src, int srcOff, float[] dst, int dstOff, int n, float sign, float shift) {
        int i = 0;
        FloatVector sumv = FloatVector.zero(F);
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, src, srcOff + i).mul(sign).sub(shift);
            VectorMask<Float> under = v.compare(VectorOperators.LT, MIN_ARG);
            FloatVector c = v.max(MIN_ARG).min(MAX_ARG);
            FloatVector t = c.fma(FloatVector.broadcast(F, LOG2E), FloatVector.broadcast(F, ROUND));
            FloatVector k = t.sub(ROUND);
            FloatVector r = k.fma(FloatVector.broadcast(F, -LN2_HI), c);
            r = k.fma(FloatVector.broadcast(F, -LN2_LO), r);
            FloatVector p = r.fma(FloatVector.broadcast(F, P0), FloatVector.broadcast(F, P1));
            p = p.fma(r, FloatVector.broadcast(F, P2));
            p = p.fma(r, FloatVector.broadcast(F, P3));
            p = p.fma(r, FloatVector.broadcast(F, P4));
            p = p.fma(r, FloatVector.broadcast(F, P5));
            p = p.fma(r.mul(r), r).add(1f);
            FloatVector scale = ((IntVector) t.reinterpretAsInts()).sub(ROUND_BITS).add(127)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector e = p.mul(scale).blend(0f, under);
            e.intoArray(dst, dstOff + i);
            sumv = sumv.add(e);
        }
        float sum = i > 0 ? LaneSum.sum(sumv) : 0f;
        for (; i < n; i++) {
            float e = exp(sign * src[srcOff + i] - shift);
            dst[dstOff + i] = e;
            sum += e;
        }
        return sum;
    }

    /** The same operations on one float (the twin the tests compare bit for bit, and the loops' tails). */
    static float exp(float x) {
        if (x < MIN_ARG) {
            return 0f;
        }
        float c = Math.min(Math.max(x, MIN_ARG), MAX_ARG);
        float t = Math.fma(c, LOG2E, ROUND);
        float n = t - ROUND;
        float r = Math.fma(n, -LN2_HI, c);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(r, P0, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        p = Math.fma(p, r * r, r) + 1f;
        int k = Float.floatToRawIntBits(t) - ROUND_BITS;
        return p * Float.intBitsToFloat((k + 127) << 23);
    }
}
