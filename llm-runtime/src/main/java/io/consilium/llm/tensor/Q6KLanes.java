package io.consilium.llm.tensor;

import static io.consilium.llm.tensor.Simd.F;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * The AVX-512 Q6_K kernels ({@link Simd#LOOKUP}) over a prepared input, built like {@link Q4KLanes}. Per half h the
 * 64 ql bytes are 16 int lanes; nibble m of lane j is element l = 4(j%8) + m/2 of quarter k = j/8 + 2(m%2). Its two
 * high bits sit in qh byte l at bits 2k: the 32 qh bytes of the half are put in both 8-lane halves and pre-shifted
 * by 2(j/8), after which nibble m's pair is at bits 4m as well: both are masked in place, ORed and converted once
 * (the value times 2^4m, undone by the prepared input's 2^-4m). The -32 offset is folded in through
 * the prepared sums (-32·Σx per 16-element sub-block), and each scale applies once per vector pair:
 * Σ d·sc·(q-32)·x = Σ_sub d·sc·(Σ q·x − 32·Σx). Prepared input per 256-block: 256 floats in that lane order, then
 * the 16 scaled sums.
 */
final class Q6KLanes {

    static final int QK = 256;
    static final int PBLOCK = QK + 16;
    private static final int BYTES = Q6KKernel.BYTES;

    /** qh shift per lane: 0 for quarters 0/2 (lanes 0-7), 2 for quarters 1/3 (lanes 8-15). */
    private static final IntVector QH_SHIFT = Simd.LOOKUP ? IntVector.fromArray(Simd.I, new int[] {
        0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2}, 0) : null;
    /** The half's 8 qh ints in both 8-lane halves. */
    private static final VectorShuffle<Integer> QH0 = Simd.LOOKUP ? VectorShuffle.fromOp(Simd.I, j -> j & 7) : null;
    private static final VectorShuffle<Integer> QH1 = Simd.LOOKUP ? VectorShuffle.fromOp(Simd.I, j -> 8 + (j & 7)) : null;
    /** Sub-block scale per lane for even / odd nibbles of half 0 / 1: 8h + 2(j/8) + 4(m%2) + (j%8)/4. */
    private static final VectorShuffle<Float> E0 = Simd.LOOKUP ? lanes(0, 0) : null;
    private static final VectorShuffle<Float> O0 = Simd.LOOKUP ? lanes(0, 1) : null;
    private static final VectorShuffle<Float> E1 = Simd.LOOKUP ? lanes(1, 0) : null;
    private static final VectorShuffle<Float> O1 = Simd.LOOKUP ? lanes(1, 1) : null;

    private Q6KLanes() {
    }

    private static VectorShuffle<Float> lanes(int h, int odd) {
        return VectorShuffle.fromOp(F, j -> 8 * h + 2 * (j >> 3) + 4 * odd + ((j & 7) >> 2));
    }

    static int preparedLength(int n) {
        return n / QK * PBLOCK;
    }

    /** Prepared lane i of a block reads x[block + SRC[i]] times MUL[i] (the layout described above). */
    private static final int[] SRC = new int[QK];
    private static final float[] MUL = new float[QK];

    static {
        for (int h = 0; h < 2; h++) {
            for (int m = 0; m < 8; m++) {
                for (int j = 0; j < 16; j++) {
                    int i = 16 * (8 * h + m) + j;
                    int k = (j >> 3) + 2 * (m & 1);
                    SRC[i] = 128 * h + 32 * k + 4 * (j & 7) + (m >> 1);
                    MUL[i] = Math.scalb(1f, m < 7 ? -4 * m : 0);
                }
            }
        }
    }

    /** As {@link Q4KLanes#prepare}: a table permutation, exact power-of-two products, interleaved sequential sums. */
    static void prepare(float[] x, int xOff, int n, float[] dst, int dstOff) {
        for (int b = 0; b < n / QK; b++) {
            int xb = xOff + QK * b;
            int pb = dstOff + PBLOCK * b;
            for (int i = 0; i < QK; i++) {
                dst[pb + i] = x[xb + SRC[i]] * MUL[i];
            }
            QuantMath.sums8(x, xb, 16, -32f, dst, pb + QK);
            QuantMath.sums8(x, xb + 128, 16, -32f, dst, pb + QK + 8);
        }
    }

    /** d·scale of the block's 16 sub-blocks, lane i for sub-block i. */
    private static FloatVector scales(MemorySegment w, long o) {
        float d = TypeKernel.half(w, o + 208);
        return ((FloatVector) ByteVector.fromMemorySegment(ByteVector.SPECIES_128, w, o + 192, Simd.LE)
                .convertShape(VectorOperators.B2F, F, 0)).mul(d);
    }

    /**
     * The 6-bit value of nibble m (low 4 bits from ql, high pair from qh) as floats, times 2^4m below the top nibble:
     * masked in place, one OR and one conversion (exact: six significant bits); the prepared input carries 2^-4m.
     * The top nibble would reach the sign bit, so it is shifted down instead.
     */
    private static FloatVector q(IntVector ql, IntVector qh, int m) {
        IntVector v = m < 7
                ? ql.and(0xF << (4 * m)).or(qh.lanewise(VectorOperators.LSHL, 4).and(0x30 << (4 * m)))
                : ql.lanewise(VectorOperators.LSHR, 28).or(qh.lanewise(VectorOperators.LSHR, 24).and(0x30));
        return (FloatVector) v.convert(VectorOperators.I2F, 0);
    }

    /** The half's qh ints in both lane halves, pre-shifted so nibble m's pair sits at bits 4m. */
    private static IntVector highs(IntVector qhAll, int h) {
        return qhAll.rearrange(h == 0 ? QH0 : QH1).lanewise(VectorOperators.LSHR, QH_SHIFT);
    }

    static void dot2(MemorySegment w, long off, long rowBytes, float[] xp, int xOff, int n, float[] out, int i, int i2) {
        out[i] = row(w, off, xp, xOff, n);
        out[i2] = row(w, off + rowBytes, xp, xOff, n);
    }

    /**
     * Per block: acc += sc·(-32 sums), then per half the even- and odd-nibble products (low part then high part per
     * nibble, FMAs from zero in nibble order) folded in with their lane scales. {@link #row4} repeats it per token.
     */
    private static float row(MemorySegment w, long off, float[] xp, int xOff, int n) {
        float[] s = TypeKernel.blockScratch();
        acc(w, off, xp, xOff, n, s, 0);
        return LaneSum.sumStored(s, 0);
    }

    /**
     * Rows r0..r1 paired as {@link TypeKernel#pairedRows} pairs them (row i of the first half with row i of the second:
     * two sequential streams), each row's accumulator exactly as {@link #row} forms it. Four rows' accumulators are
     * stored and summed in one {@link LaneSum#sum4Stored} (the same bits as four single sums): a row of two to four
     * blocks otherwise pays a fixed sum, scratch lookup and call per row that cost as much as a block.
     */
    static void pairedRows(MemorySegment w, long rb, float[] xp, int xOff, int n, float[] out, int outOff, int r0, int r1) {
        float[] s = TypeKernel.blockScratch();
        int half = (r1 - r0) / 2;
        long gap = rb * half;
        int i = 0;
        for (; i + 2 <= half; i += 2) {
            int a = r0 + i;
            long off = rb * a;
            acc(w, off, xp, xOff, n, s, 0);
            acc(w, off + gap, xp, xOff, n, s, 16);
            acc(w, off + rb, xp, xOff, n, s, 32);
            acc(w, off + rb + gap, xp, xOff, n, s, 48);
            int o = outOff + a;
            LaneSum.sum4Stored(s, 0, out, o, o + half, o + 1, o + 1 + half);
        }
        if (i < half) {
            int a = r0 + i;
            acc(w, rb * a, xp, xOff, n, s, 0);
            acc(w, rb * a + gap, xp, xOff, n, s, 16);
            out[outOff + a] = LaneSum.sumStored(s, 0);
            out[outOff + a + half] = LaneSum.sumStored(s, 16);
        }
        if (((r1 - r0) & 1) != 0) {
            acc(w, rb * (r1 - 1), xp, xOff, n, s, 0);
            out[outOff + r1 - 1] = LaneSum.sumStored(s, 0);
        }
    }

    /** The row's 16-lane accumulator, stored at s[at..at+15] for a separate fixed-order sum. */
    private static void acc(MemorySegment w, long off, float[] xp, int xOff, int n, float[] s, int at) {
        FloatVector a = FloatVector.zero(F);
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            int xb = xOff + PBLOCK * b;
            FloatVector sc = scales(w, o);
            a = sc.fma(FloatVector.fromArray(F, xp, xb + QK), a);
            IntVector qhAll = IntVector.fromMemorySegment(Simd.I, w, o + 128, Simd.LE);
            for (int h = 0; h < 2; h++) {
                IntVector ql = IntVector.fromMemorySegment(Simd.I, w, o + 64L * h, Simd.LE);
                IntVector qh = highs(qhAll, h);
                int xh = xb + 128 * h;
                FloatVector ev = FloatVector.zero(F);
                FloatVector ov = ev;
                for (int m = 0; m < 8; m += 2) {
                    FloatVector xe = FloatVector.fromArray(F, xp, xh + 16 * m);
                    FloatVector xo = FloatVector.fromArray(F, xp, xh + 16 * m + 16);
                    ev = q(ql, qh, m).fma(xe, ev);
                    ov = q(ql, qh, m + 1).fma(xo, ov);
                }
                a = ev.fma(sc.rearrange(h == 0 ? E0 : E1), a);
                a = ov.fma(sc.rearrange(h == 0 ? O0 : O1), a);
            }
        }
        // the graph reaches C2's inlining node cutoff here: a vector passed to the sum would be boxed per row
        a.intoArray(s, at);
    }

    /** One row × four prepared inputs (xOff + t·stride), each token's sums exactly as {@link #row} forms them. */
    static void row4(MemorySegment w, long off, float[] xp, int xOff, int stride, int n, float[] out, int o, int outStride) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long ob = off + (long) BYTES * b;
            int xb = xOff + PBLOCK * b;
            FloatVector sc = scales(w, ob);
            a0 = sc.fma(FloatVector.fromArray(F, xp, xb + QK), a0);
            a1 = sc.fma(FloatVector.fromArray(F, xp, xb + stride + QK), a1);
            a2 = sc.fma(FloatVector.fromArray(F, xp, xb + 2 * stride + QK), a2);
            a3 = sc.fma(FloatVector.fromArray(F, xp, xb + 3 * stride + QK), a3);
            IntVector qhAll = IntVector.fromMemorySegment(Simd.I, w, ob + 128, Simd.LE);
            for (int h = 0; h < 2; h++) {
                IntVector ql = IntVector.fromMemorySegment(Simd.I, w, ob + 64L * h, Simd.LE);
                IntVector qh = highs(qhAll, h);
                int xh = xb + 128 * h;
                FloatVector e0 = FloatVector.zero(F);
                FloatVector d0 = e0, e1 = e0, d1 = e0, e2 = e0, d2 = e0, e3 = e0, d3 = e0;
                for (int m = 0; m < 8; m += 2) {
                    FloatVector qe = q(ql, qh, m);
                    FloatVector qo = q(ql, qh, m + 1);
                    int xk = xh + 16 * m;
                    e0 = qe.fma(FloatVector.fromArray(F, xp, xk), e0);
                    d0 = qo.fma(FloatVector.fromArray(F, xp, xk + 16), d0);
                    e1 = qe.fma(FloatVector.fromArray(F, xp, xk + stride), e1);
                    d1 = qo.fma(FloatVector.fromArray(F, xp, xk + stride + 16), d1);
                    e2 = qe.fma(FloatVector.fromArray(F, xp, xk + 2 * stride), e2);
                    d2 = qo.fma(FloatVector.fromArray(F, xp, xk + 2 * stride + 16), d2);
                    e3 = qe.fma(FloatVector.fromArray(F, xp, xk + 3 * stride), e3);
                    d3 = qo.fma(FloatVector.fromArray(F, xp, xk + 3 * stride + 16), d3);
                }
                FloatVector se = sc.rearrange(h == 0 ? E0 : E1);
                FloatVector sd = sc.rearrange(h == 0 ? O0 : O1);
                a0 = d0.fma(sd, e0.fma(se, a0));
                a1 = d1.fma(sd, e1.fma(se, a1));
                a2 = d2.fma(sd, e2.fma(se, a2));
                a3 = d3.fma(sd, e3.fma(se, a3));
            }
        }
        float[] s = TypeKernel.blockScratch();
        a0.intoArray(s, 0);
        a1.intoArray(s, 16);
        a2.intoArray(s, 32);
        a3.intoArray(s, 48);
        LaneSum.sum4Stored(s, 0, out, o, outStride);
    }
}
