package io.consilium.llm.tensor;

import static io.consilium.llm.tensor.Simd.F;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * The AVX-512 Q5_K kernels ({@link Simd#LOOKUP}): {@link Q4KLanes} with the fifth bit. qs sits at byte 48 and its
 * lanes, sub-blocks, scales and prepared input are exactly Q4_K's. The fifth bit of nibble m in lane j is bit
 * 4h + 2(j/8) + m%2 of qh byte 4(j%8) + m/2: the 32 qh bytes go into both 8-lane halves, shifted right per lane by
 * 4h + 2(j/8), then left by 4 (even m) or 7 (odd m), which puts nibble m's bit at 4m + 4, just above its nibble:
 * mask both in place, OR, convert once (value times 2^4m, undone by the prepared 2^-4m).
 */
final class Q5KLanes {

    private static final int QK = Q4KLanes.QK;
    private static final int PBLOCK = Q4KLanes.PBLOCK;
    private static final int BYTES = Q5KKernel.BYTES;

    private static final VectorShuffle<Integer> DUP = Simd.LOOKUP ? VectorShuffle.fromOp(Simd.I, j -> j & 7) : null;
    private static final IntVector SHIFT0 = Simd.LOOKUP ? shifts(0) : null;
    private static final IntVector SHIFT1 = Simd.LOOKUP ? shifts(1) : null;

    private Q5KLanes() {
    }

    private static IntVector shifts(int h) {
        int[] s = new int[16];
        for (int j = 0; j < 16; j++) {
            s[j] = 4 * h + 2 * (j >> 3);
        }
        return IntVector.fromArray(Simd.I, s, 0);
    }

    /** The 5-bit value of nibble m times 2^4m (m < 7), or itself (m = 7), as floats. */
    private static FloatVector q(IntVector qs, IntVector hs, int m) {
        IntVector v;
        if (m < 7) {
            IntVector hb = hs.lanewise(VectorOperators.LSHL, (m & 1) == 0 ? 4 : 7);
            v = qs.and(0xF << (4 * m)).or(hb.and(0x10 << (4 * m)));
        } else {
            v = qs.lanewise(VectorOperators.LSHR, 28).or(hs.lanewise(VectorOperators.LSHR, 21).and(0x10));
        }
        return (FloatVector) v.convert(VectorOperators.I2F, 0);
    }

    private static IntVector highs(MemorySegment w, long o) {
        // 64 bytes from qh: its 32 bytes are lanes 0-7 (the rest is qs, dropped by the duplication)
        return IntVector.fromMemorySegment(Simd.I, w, o + 16, Simd.LE).rearrange(DUP);
    }

    static void dot2(MemorySegment w, long off, long rowBytes, float[] xp, int xOff, int n, float[] out, int i, int i2) {
        out[i] = row(w, off, xp, xOff, n);
        out[i2] = row(w, off + rowBytes, xp, xOff, n);
    }

    /** {@link Q4KLanes}' sequence with the fifth bit; {@link #row4} repeats it per token. */
    private static float row(MemorySegment w, long off, float[] xp, int xOff, int n) {
        FloatVector a = FloatVector.zero(F);
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            int xb = xOff + PBLOCK * b;
            FloatVector so = Q4KKernel.scalesMinsVec(w, o);
            a = so.fma(FloatVector.fromArray(F, xp, xb + QK), a);
            IntVector qh = highs(w, o);
            for (int h = 0; h < 2; h++) {
                IntVector v = IntVector.fromMemorySegment(Simd.I, w, o + 48 + 64L * h, Simd.LE);
                IntVector hs = qh.lanewise(VectorOperators.LSHR, h == 0 ? SHIFT0 : SHIFT1);
                int xh = xb + 128 * h;
                FloatVector ev = FloatVector.zero(F);
                FloatVector ov = ev;
                for (int k = 0; k < 8; k += 2) {
                    ev = q(v, hs, k).fma(FloatVector.fromArray(F, xp, xh + 16 * k), ev);
                    ov = q(v, hs, k + 1).fma(FloatVector.fromArray(F, xp, xh + 16 * k + 16), ov);
                }
                a = ev.fma(so.rearrange(h == 0 ? Q4KLanes.E0 : Q4KLanes.E1), a);
                a = ov.fma(so.rearrange(h == 0 ? Q4KLanes.O0 : Q4KLanes.O1), a);
            }
        }
        // row's graph reaches C2's inlining node cutoff here: a vector passed to the sum would be boxed per row
        float[] s = TypeKernel.blockScratch();
        a.intoArray(s, 0);
        return LaneSum.sumStored(s, 0);
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
            FloatVector so = Q4KKernel.scalesMinsVec(w, ob);
            a0 = so.fma(FloatVector.fromArray(F, xp, xb + QK), a0);
            a1 = so.fma(FloatVector.fromArray(F, xp, xb + stride + QK), a1);
            a2 = so.fma(FloatVector.fromArray(F, xp, xb + 2 * stride + QK), a2);
            a3 = so.fma(FloatVector.fromArray(F, xp, xb + 3 * stride + QK), a3);
            IntVector qh = highs(w, ob);
            for (int h = 0; h < 2; h++) {
                IntVector v = IntVector.fromMemorySegment(Simd.I, w, ob + 48 + 64L * h, Simd.LE);
                IntVector hs = qh.lanewise(VectorOperators.LSHR, h == 0 ? SHIFT0 : SHIFT1);
                int xh = xb + 128 * h;
                FloatVector e0 = FloatVector.zero(F);
                FloatVector d0 = e0, e1 = e0, d1 = e0, e2 = e0, d2 = e0, e3 = e0, d3 = e0;
                for (int k = 0; k < 8; k += 2) {
                    FloatVector qe = q(v, hs, k);
                    FloatVector qo = q(v, hs, k + 1);
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
                FloatVector se = so.rearrange(h == 0 ? Q4KLanes.E0 : Q4KLanes.E1);
                FloatVector sd = so.rearrange(h == 0 ? Q4KLanes.O0 : Q4KLanes.O1);
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
