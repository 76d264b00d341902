package io.consilium.llm.tensor;

import static io.consilium.llm.tensor.Simd.F;
import static io.consilium.llm.tensor.Simd.L;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * block_q5_K (256 elements): fp16 d, fp16 dmin, 12 scale bytes (as Q4_K), qh[32], qs[128]. Sub-block pair g
 * uses qs[32g..32g+31]; the fifth bit of the low-nibble element l is bit 2g of qh[l], of the high-nibble one
 * bit 2g+1. value = d * scale * q - dmin * min.
 */
final class Q5KKernel extends TypeKernel {

    static final Q5KKernel INSTANCE = new Q5KKernel();
    static final int QK = 256;
    static final int BYTES = 176;

    @Override
    GgmlType type() {
        return GgmlType.Q5_K;
    }

    @Override
    float dot(MemorySegment w, long off, float[] x, int xOff, int n) {
        if (!Simd.LOOKUP) {
            return dotConvert(w, off, x, xOff, n);
        }
        float[] out = new float[1];
        rows16(w, off, 0, x, xOff, n, out, 0, 0, false);
        return out[0];
    }

    /** {@link TypeKernel#pairedRows}'s loop, compiled for this kernel alone (see there why). */
    @Override
    void pairedRows(MemorySegment w, long rb, float[] x, int xOff, int cols, float[] out, int outOff, int r0, int r1) {
        int half = (r1 - r0) / 2;
        long gap = rb * half;
        for (int i = 0; i < half; i++) {
            int a = r0 + i;
            dot2(w, rb * a, gap, x, xOff, cols, out, outOff + a, outOff + a + half);
        }
        if (((r1 - r0) & 1) != 0) {
            dot2(w, rb * (r1 - 1), 0, x, xOff, cols, out, outOff + r1 - 1, outOff + r1 - 1);
        }
    }

    @Override
    void dot2(MemorySegment w, long off, long rowBytes, float[] x, int xOff, int n, float[] out, int i, int i2) {
        if (!Simd.LOOKUP) {
            super.dot2(w, off, rowBytes, x, xOff, n, out, i, i2);
            return;
        }
        Q5KLanes.dot2(w, off, rowBytes, x, xOff, n, out, i, i2);
    }

    /**
     * Two rows × four activation rows (the serving engine's batched step): each weight block is read and unpacked once
     * for the four tokens, every result summed exactly as {@link #dot2} sums it for that row and token alone.
     */
    @Override
    void dot2x4(MemorySegment w, long off, long rowBytes, float[] x, int xOff, int stride, int n, float[] out, int o,
                int outStride, int pair) {
        if (!Simd.LOOKUP) {
            super.dot2x4(w, off, rowBytes, x, xOff, stride, n, out, o, outStride, pair);
            return;
        }
        Q5KLanes.row4(w, off, x, xOff, stride, n, out, o, outStride);
        Q5KLanes.row4(w, off + rowBytes, x, xOff, stride, n, out, o + pair, outStride);
    }

    /** The same prepared layout as Q4_K (same nibble lanes and sub-blocks). */
    @Override
    int preparedLength(int n) {
        return Simd.LOOKUP ? Q4KLanes.preparedLength(n) : 0;
    }

    @Override
    void prepare(float[] x, int xOff, int n, float[] dst, int dstOff) {
        Q4KLanes.prepare(x, xOff, n, dst, dstOff);
    }

    /**
     * 16-lane kernel for one row or two adjacent rows sharing the activation loads. The block's scale and min
     * factors are decoded in vector lanes once per block (see {@link Q4KKernel#scalesMins}) and broadcast from
     * there, so the inner loop has no scalar conversions.
     */
    private static void rows16(MemorySegment w, long off, long rowBytes, float[] x, int xOff, int n, float[] out, int i, int i2,
                               boolean two) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector c0 = a0;
        FloatVector c1 = a0;
        float[] sm = blockScratch();
        int nb = n / QK;
        long p0 = two ? rowBytes : 0;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            long p = o + p0;
            Q4KKernel.scalesMins(w, o, sm, 0);
            if (two) {
                Q4KKernel.scalesMins(w, p, sm, 16);
            }
            for (int g = 0; g < 4; g++) {
                int xo = xOff + QK * b + 64 * g;
                for (int j = 0; j < 32; j += 16) {
                    FloatVector xl = FloatVector.fromArray(F, x, xo + j);
                    FloatVector xh = FloatVector.fromArray(F, x, xo + 32 + j);
                    IntVector v = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, o + 48 + 32L * g + j, Simd.LE)
                            .convertShape(VectorOperators.B2I, Simd.I, 0);
                    IntVector h = ((IntVector) ByteVector.fromMemorySegment(Simd.B, w, o + 16 + j, Simd.LE)
                            .convertShape(VectorOperators.B2I, Simd.I, 0)).lanewise(VectorOperators.ASHR, 2 * g);
                    IntVector ql = v.and(0xF).or(h.lanewise(VectorOperators.LSHL, 4).and(0x10));
                    IntVector qh = v.lanewise(VectorOperators.ASHR, 4).and(0xF).or(h.lanewise(VectorOperators.LSHL, 3).and(0x10));
                    a0 = ((FloatVector) ql.convert(VectorOperators.I2F, 0)).fma(sm[2 * g], sm[8 + 2 * g]).fma(xl, a0);
                    a1 = ((FloatVector) qh.convert(VectorOperators.I2F, 0)).fma(sm[2 * g + 1], sm[9 + 2 * g]).fma(xh, a1);
                    if (two) {
                        IntVector u = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, p + 48 + 32L * g + j, Simd.LE)
                                .convertShape(VectorOperators.B2I, Simd.I, 0);
                        IntVector k = ((IntVector) ByteVector.fromMemorySegment(Simd.B, w, p + 16 + j, Simd.LE)
                                .convertShape(VectorOperators.B2I, Simd.I, 0)).lanewise(VectorOperators.ASHR, 2 * g);
                        IntVector ul = u.and(0xF).or(k.lanewise(VectorOperators.LSHL, 4).and(0x10));
                        IntVector uh = u.lanewise(VectorOperators.ASHR, 4).and(0xF).or(k.lanewise(VectorOperators.LSHL, 3).and(0x10));
                        c0 = ((FloatVector) ul.convert(VectorOperators.I2F, 0)).fma(sm[16 + 2 * g], sm[24 + 2 * g]).fma(xl, c0);
                        c1 = ((FloatVector) uh.convert(VectorOperators.I2F, 0)).fma(sm[17 + 2 * g], sm[25 + 2 * g]).fma(xh, c1);
                    }
                }
            }
        }
        out[i] = LaneSum.sum(a0.add(a1));
        if (two) {
            out[i2] = LaneSum.sum(c0.add(c1));
        }
    }

    private static float dotConvert(MemorySegment w, long off, float[] x, int xOff, int n) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            float d = half(w, o);
            float dmin = half(w, o + 2);
            long lo = KScales.low(w, o + 4);
            int hi = KScales.high(w, o + 4);
            long scs = KScales.scales(lo, hi);
            long ms = KScales.mins(lo, hi);
            for (int g = 0; g < 4; g++) {
                float d0 = d * ((scs >>> (16 * g)) & 0xFF);
                float d1 = d * ((scs >>> (16 * g + 8)) & 0xFF);
                float m0 = -dmin * ((ms >>> (16 * g)) & 0xFF);
                float m1 = -dmin * ((ms >>> (16 * g + 8)) & 0xFF);
                int xo = xOff + QK * b + 64 * g;
                for (int j = 0; j < 32; j += L) {
                    IntVector v = Simd.bytesToInts(w, o + 48 + 32L * g + j);
                    IntVector h = Simd.bytesToInts(w, o + 16 + j).lanewise(VectorOperators.ASHR, 2 * g);
                    IntVector ql = v.and(0xF).or(h.lanewise(VectorOperators.LSHL, 4).and(0x10));
                    IntVector qh = v.lanewise(VectorOperators.ASHR, 4).and(0xF).or(h.lanewise(VectorOperators.LSHL, 3).and(0x10));
                    FloatVector wl = ((FloatVector) ql.convert(VectorOperators.I2F, 0)).fma(d0, m0);
                    FloatVector wh = ((FloatVector) qh.convert(VectorOperators.I2F, 0)).fma(d1, m1);
                    acc0 = wl.fma(FloatVector.fromArray(F, x, xo + j), acc0);
                    acc1 = wh.fma(FloatVector.fromArray(F, x, xo + 32 + j), acc1);
                }
            }
        }
        return LaneSum.sum(acc0.add(acc1));
    }

    @Override
    void dequantize(MemorySegment w, long off, float[] out, int outOff, int n) {
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            float d = half(w, o);
            float dmin = half(w, o + 2);
            long lo = KScales.low(w, o + 4);
            int hi = KScales.high(w, o + 4);
            long scs = KScales.scales(lo, hi);
            long ms = KScales.mins(lo, hi);
            for (int g = 0; g < 4; g++) {
                float d0 = d * ((scs >>> (16 * g)) & 0xFF);
                float d1 = d * ((scs >>> (16 * g + 8)) & 0xFF);
                float m0 = -dmin * ((ms >>> (16 * g)) & 0xFF);
                float m1 = -dmin * ((ms >>> (16 * g + 8)) & 0xFF);
                int yo = outOff + QK * b + 64 * g;
                for (int j = 0; j < 32; j += L) {
                    IntVector v = Simd.bytesToInts(w, o + 48 + 32L * g + j);
                    IntVector h = Simd.bytesToInts(w, o + 16 + j).lanewise(VectorOperators.ASHR, 2 * g);
                    IntVector ql = v.and(0xF).or(h.lanewise(VectorOperators.LSHL, 4).and(0x10));
                    IntVector qh = v.lanewise(VectorOperators.ASHR, 4).and(0xF).or(h.lanewise(VectorOperators.LSHL, 3).and(0x10));
                    ((FloatVector) ql.convert(VectorOperators.I2F, 0)).fma(d0, m0).intoArray(out, yo + j);
                    ((FloatVector) qh.convert(VectorOperators.I2F, 0)).fma(d1, m1).intoArray(out, yo + 32 + j);
                }
            }
        }
    }

    @Override
    float dotScalar(MemorySegment w, long off, float[] x, int xOff, int n) {
        float sum = 0f;
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            float d = half(w, o);
            float dmin = half(w, o + 2);
            long lo = KScales.low(w, o + 4);
            int hi = KScales.high(w, o + 4);
            for (int g = 0; g < 4; g++) {
                int sm0 = KScales.scaleMin(2 * g, lo, hi);
                int sm1 = KScales.scaleMin(2 * g + 1, lo, hi);
                float sq0 = 0f;
                float sx0 = 0f;
                float sq1 = 0f;
                float sx1 = 0f;
                int xo = xOff + QK * b + 64 * g;
                for (int l = 0; l < 32; l++) {
                    int q = u8(w, o + 48 + 32L * g + l);
                    int h = u8(w, o + 16 + l) >> (2 * g);
                    float x0 = x[xo + l];
                    float x1 = x[xo + 32 + l];
                    sq0 += ((q & 0xF) | ((h & 1) << 4)) * x0;
                    sx0 += x0;
                    sq1 += ((q >> 4) | ((h & 2) << 3)) * x1;
                    sx1 += x1;
                }
                sum += d * (sm0 & 0xFF) * sq0 - dmin * (sm0 >> 8) * sx0;
                sum += d * (sm1 & 0xFF) * sq1 - dmin * (sm1 >> 8) * sx1;
            }
        }
        return sum;
    }

    @Override
    void dequantizeScalar(MemorySegment w, long off, float[] out, int outOff, int n) {
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            float d = half(w, o);
            float dmin = half(w, o + 2);
            long lo = KScales.low(w, o + 4);
            int hi = KScales.high(w, o + 4);
            for (int g = 0; g < 4; g++) {
                int sm0 = KScales.scaleMin(2 * g, lo, hi);
                int sm1 = KScales.scaleMin(2 * g + 1, lo, hi);
                int yo = outOff + QK * b + 64 * g;
                for (int l = 0; l < 32; l++) {
                    int q = u8(w, o + 48 + 32L * g + l);
                    int h = u8(w, o + 16 + l) >> (2 * g);
                    out[yo + l] = d * (sm0 & 0xFF) * ((q & 0xF) | ((h & 1) << 4)) - dmin * (sm0 >> 8);
                    out[yo + 32 + l] = d * (sm1 & 0xFF) * ((q >> 4) | ((h & 2) << 3)) - dmin * (sm1 >> 8);
                }
            }
        }
    }

    @Override
    void quantize(float[] src, int srcOff, int n, MemorySegment dst, long dstOff) {
        byte[] levels = new byte[QK];
        for (int b = 0; b < n / QK; b++) {
            long o = dstOff + (long) BYTES * b;
            KScales.quantizeSuperBlock(src, srcOff + QK * b, 31, -0.5f, 0.1f, 15, dst, o, levels);
            byte[] qh = new byte[32];
            for (int g = 0; g < 4; g++) {
                for (int l = 0; l < 32; l++) {
                    int l1 = levels[64 * g + l];
                    int l2 = levels[64 * g + 32 + l];
                    if (l1 > 15) {
                        l1 -= 16;
                        qh[l] |= (byte) (1 << (2 * g));
                    }
                    if (l2 > 15) {
                        l2 -= 16;
                        qh[l] |= (byte) (2 << (2 * g));
                    }
                    dst.set(ValueLayout.JAVA_BYTE, o + 48 + 32L * g + l, (byte) (l1 | (l2 << 4)));
                }
            }
            MemorySegment.copy(MemorySegment.ofArray(qh), 0, dst, o + 16, 32);
        }
    }
}
