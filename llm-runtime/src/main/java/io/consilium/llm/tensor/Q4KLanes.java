package io.consilium.llm.tensor;

import static io.consilium.llm.tensor.Simd.F;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * The AVX-512 Q4_K kernels ({@link Simd#LOOKUP}) over a prepared input. The 64 packed bytes of two nibble groups are
 * loaded as 16 int lanes and nibble k of every lane is taken by one shift; a permute of 0..15 turns it into floats.
 * Lane j of nibble vector k holds element 4(j%8) + k/2 of sub-block 2(2h + j/8) + k%2, so each vector covers two
 * sub-blocks (lanes 0-7 and 8-15) and the scales apply once per vector pair instead of per weight:
 * Σ (d·sc·q − dmin·m)·x = Σ_sub d·sc·Σ q·x − dmin·m·Σx. The input is therefore laid out per 256-block in that lane
 * order (256 floats), followed by 8 zeros and the 8 sub-block sums of x (16 floats): {@link #prepare}, once per
 * matvec input, amortised over all rows. No per-sub-block tables, broadcasts or int-to-float conversions.
 */
final class Q4KLanes {

    static final int QK = 256;
    /** Floats of prepared input per 256-element block. */
    static final int PBLOCK = QK + 16;
    private static final int BYTES = Q4KKernel.BYTES;

    private static final IntVector IOTA_BITS = Simd.LOOKUP ? Simd.iota().reinterpretAsInts() : null;
    /** Sub-block scale of each lane for even / odd nibbles of the first (h=0) and second (h=1) 64-byte half. */
    static final VectorShuffle<Float> E0 = Simd.LOOKUP ? halves(0, 2) : null;
    static final VectorShuffle<Float> O0 = Simd.LOOKUP ? halves(1, 3) : null;
    static final VectorShuffle<Float> E1 = Simd.LOOKUP ? halves(4, 6) : null;
    static final VectorShuffle<Float> O1 = Simd.LOOKUP ? halves(5, 7) : null;

    private Q4KLanes() {
    }

    private static VectorShuffle<Float> halves(int lo, int hi) {
        return VectorShuffle.fromOp(F, j -> j < 8 ? lo : hi);
    }

    static int preparedLength(int n) {
        return n / QK * PBLOCK;
    }

    /** Prepared lane i of a block reads x[block + SRC[i]] times MUL[i] (the layout described above). */
    private static final int[] SRC = new int[QK];
    private static final float[] MUL = new float[QK];

    static {
        for (int h = 0; h < 2; h++) {
            for (int k = 0; k < 8; k++) {
                for (int j = 0; j < 16; j++) {
                    int i = 16 * (8 * h + k) + j;
                    int s = 2 * (2 * h + (j >> 3)) + (k & 1);
                    SRC[i] = 32 * s + 4 * (j & 7) + (k >> 1);
                    MUL[i] = Math.scalb(1f, -shift(k));
                }
            }
        }
    }

    /**
     * The permutation through a table, times 2^-4k as a multiplication (the correctly rounded product, as
     * Math.scalb gives it), and the 8 sub-block sums as 8 interleaved sequential sums: the same values as per-element
     * scalb and one sum after another, at a fraction of the cost (preparation ran once per matvec input per token).
     */
    static void prepare(float[] x, int xOff, int n, float[] dst, int dstOff) {
        for (int b = 0; b < n / QK; b++) {
            int xb = xOff + QK * b;
            int pb = dstOff + PBLOCK * b;
            for (int i = 0; i < QK; i++) {
                dst[pb + i] = x[xb + SRC[i]] * MUL[i];
            }
            for (int s = 0; s < 8; s++) {
                dst[pb + QK + s] = 0f;
            }
            QuantMath.sums8(x, xb, 32, 1f, dst, pb + QK + 8);
        }
    }

    /** Nibble k keeps its place (bits 4k) when masked out; the prepared input carries the 2^-4k instead. */
    private static int shift(int k) {
        return k < 7 ? 4 * k : 0;
    }

    /**
     * Nibble k of every int lane as floats, times 2^4k: one AND and one conversion (exact: four significant bits). The
     * top nibble would turn the int negative, so it is shifted down instead.
     */
    private static FloatVector nib(IntVector v, int k) {
        IntVector q = k < 7 ? v.and(0xF << (4 * k)) : v.lanewise(VectorOperators.LSHR, 28);
        return (FloatVector) q.convert(VectorOperators.I2F, 0);
    }

    private static IntVector quants(MemorySegment w, long o, int h) {
        return IntVector.fromMemorySegment(Simd.I, w, o + 16 + 64L * h, Simd.LE);
    }

    /**
     * Two rows against one prepared input, one after the other: each row's graph alone stays under C2's inlining
     * node cutoff (both rows in one loop did not, and the vector calls left out allocated), and each row is still a
     * sequential stream. The x loads come from L1 twice, which costs less than the calls did.
     */
    static void dot2(MemorySegment w, long off, long rowBytes, float[] xp, int xOff, int n, float[] out, int i, int i2) {
        out[i] = row(w, off, xp, xOff, n);
        out[i2] = row(w, off + rowBytes, xp, xOff, n);
    }

    /**
     * Per block: acc += sm·sums, then per half h the even- and odd-nibble products summed over k (FMAs in k order
     * from zero) and folded in with their lane scales. {@link #row4} repeats exactly this sequence per token.
     */
    private static float row(MemorySegment w, long off, float[] xp, int xOff, int n) {
        float[] s = TypeKernel.blockScratch();
        acc(w, off, xp, xOff, n, s, 0);
        return LaneSum.sumStored(s, 0);
    }

    /**
     * Rows r0..r1 paired as {@link TypeKernel#pairedRows} pairs them (row i of the first half with row i of the second:
     * two sequential streams, computed together by {@link #acc2}), each row's accumulator exactly as {@link #row} forms
     * it. Four rows' accumulators are stored and summed in one {@link LaneSum#sum4Stored} (the same bits as four single
     * sums): a row of two to four blocks otherwise pays a fixed sum, scratch lookup and call per row that cost as much
     * as a block.
     */
    static void pairedRows(MemorySegment w, long rb, float[] xp, int xOff, int n, float[] out, int outOff, int r0, int r1) {
        float[] s = TypeKernel.blockScratch();
        int half = (r1 - r0) / 2;
        long gap = rb * half;
        int i = 0;
        for (; i + 2 <= half; i += 2) {
            int a = r0 + i;
            long off = rb * a;
            acc2(w, off, off + gap, xp, xOff, n, s, 0);
            acc2(w, off + rb, off + rb + gap, xp, xOff, n, s, 32);
            int o = outOff + a;
            LaneSum.sum4Stored(s, 0, out, o, o + half, o + 1, o + 1 + half);
        }
        if (i < half) {
            int a = r0 + i;
            acc2(w, rb * a, rb * a + gap, xp, xOff, n, s, 0);
            out[outOff + a] = LaneSum.sumStored(s, 0);
            out[outOff + a + half] = LaneSum.sumStored(s, 16);
        }
        if (((r1 - r0) & 1) != 0) {
            acc(w, rb * (r1 - 1), xp, xOff, n, s, 0);
            out[outOff + r1 - 1] = LaneSum.sumStored(s, 0);
        }
    }

    /**
     * {@link #acc} for rows at off and off2 in one loop, each row's operations in acc's order (same bits): the two rows
     * share every x load and scale rearrange index, which shortened rows of 2-11 blocks by 2-15% (one core, in-JVM A/B).
     * Q6_K's unpacking is larger: its two-row loop passed C2's inlining cutoff and ran 5x slower, so it keeps one row.
     */
    private static void acc2(MemorySegment w, long off, long off2, float[] xp, int xOff, int n, float[] s, int at) {
        FloatVector a = FloatVector.zero(F);
        FloatVector c = a;
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            long p = off2 + (long) BYTES * b;
            int xb = xOff + PBLOCK * b;
            FloatVector so = Q4KKernel.scalesMinsVec(w, o);
            FloatVector sp = Q4KKernel.scalesMinsVec(w, p);
            FloatVector xs = FloatVector.fromArray(F, xp, xb + QK);
            a = so.fma(xs, a);
            c = sp.fma(xs, c);
            for (int h = 0; h < 2; h++) {
                IntVector v = quants(w, o, h);
                IntVector u = quants(w, p, h);
                int xh = xb + 128 * h;
                FloatVector ev = FloatVector.zero(F);
                FloatVector ov = ev;
                FloatVector eu = ev;
                FloatVector ou = ev;
                for (int k = 0; k < 8; k += 2) {
                    FloatVector x0 = FloatVector.fromArray(F, xp, xh + 16 * k);
                    FloatVector x1 = FloatVector.fromArray(F, xp, xh + 16 * k + 16);
                    ev = nib(v, k).fma(x0, ev);
                    ov = nib(v, k + 1).fma(x1, ov);
                    eu = nib(u, k).fma(x0, eu);
                    ou = nib(u, k + 1).fma(x1, ou);
                }
                a = ev.fma(so.rearrange(h == 0 ? E0 : E1), a);
                a = ov.fma(so.rearrange(h == 0 ? O0 : O1), a);
                c = eu.fma(sp.rearrange(h == 0 ? E0 : E1), c);
                c = ou.fma(sp.rearrange(h == 0 ? O0 : O1), c);
            }
        }
        a.intoArray(s, at);
        c.intoArray(s, at + 16);
    }

    /** The row's 16-lane accumulator, stored at s[at..at+15] for a separate fixed-order sum. */
    private static void acc(MemorySegment w, long off, float[] xp, int xOff, int n, float[] s, int at) {
        FloatVector a = FloatVector.zero(F);
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            int xb = xOff + PBLOCK * b;
            FloatVector so = Q4KKernel.scalesMinsVec(w, o);
            a = so.fma(FloatVector.fromArray(F, xp, xb + QK), a);
            for (int h = 0; h < 2; h++) {
                IntVector v = quants(w, o, h);
                int xh = xb + 128 * h;
                FloatVector ev = FloatVector.zero(F);
                FloatVector ov = ev;
                for (int k = 0; k < 8; k += 2) {
                    ev = nib(v, k).fma(FloatVector.fromArray(F, xp, xh + 16 * k), ev);
                    ov = nib(v, k + 1).fma(FloatVector.fromArray(F, xp, xh + 16 * k + 16), ov);
                }
                a = ev.fma(so.rearrange(h == 0 ? E0 : E1), a);
                a = ov.fma(so.rearrange(h == 0 ? O0 : O1), a);
            }
        }
        // the graph reaches C2's inlining node cutoff here: a vector passed to the sum would be boxed per row
        a.intoArray(s, at);
    }

    /** One row × four prepared inputs (xOff + t·stride), each token's sums exactly as {@link #dot2} forms them. */
    static void row4(MemorySegment w, long off, float[] xp, int xOff, int stride, int n, float[] out, int o, int outStride) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long ob = off + (long) BYTES * b;
            int xb = xOff + PBLOCK * b;
            FloatVector so = Q4KKernel.scalesMinsVec(w, ob);
            a0 = so.fma(FloatVector.fromArray(F, xp, xb + QK), a0);
            a1 = so.fma(FloatVector.fromArray(F, xp, xb + stride + QK), a1);
            a2 = so.fma(FloatVector.fromArray(F, xp, xb + 2 * stride + QK), a2);
            a3 = so.fma(FloatVector.fromArray(F, xp, xb + 3 * stride + QK), a3);
            for (int h = 0; h < 2; h++) {
                IntVector v = quants(w, ob, h);
                int xh = xb + 128 * h;
                FloatVector e0 = FloatVector.zero(F);
                FloatVector d0 = e0, e1 = e0, d1 = e0, e2 = e0, d2 = e0, e3 = e0, d3 = e0;
                for (int k = 0; k < 8; k += 2) {
                    FloatVector qe = nib(v, k);
                    FloatVector qo = nib(v, k + 1);
                    int xk = xh + 16 * k;
                    e0 = qe.fma(FloatVector.fromArray(F, xp, xk), e0);
                    d0 = qo.fma(FloatVector.fromArray(F, xp, xk + 16), d0);
                    e1 = qe.fma(FloatVector.fromArray(F, xp, xk + stride), e1);
                    d1 = qo.fma(FloatVector.fromArray(F, xp, xk + stride + 16), d1);
                    e2 = qe.fma(FloatVector.fromArray(F, xp, xk + 2 * stride), e2);
                    d2 = qo.fma(FloatVector.fromArray(F, xp, xk + 2 * stride + 16), d2);
                    e3 = qe.fma(FloatVector.fromArray(F, xp, xk + 3 * stride), e3);
                    d3 = qo.fma(FloatVector.fromArray(F, xp, xk + 3 * stride + 16), d3);
                }
                FloatVector se = so.rearrange(h == 0 ? E0 : E1);
                FloatVector sd = so.rearrange(h == 0 ? O0 : O1);
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
