package io.consilium.llm.tensor;

import static io.consilium.llm.tensor.Simd.F;
import static io.consilium.llm.tensor.Simd.L;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

/**
 * block_q4_K (256 elements): fp16 d, fp16 dmin, 12 bytes of 6-bit scales/mins for 8 sub-blocks of 32,
 * 128 bytes of nibbles. Each 32-byte run of qs holds two sub-blocks: low nibbles the first, high the second.
 * value = d * scale * q - dmin * min.
 */
final class Q4KKernel extends TypeKernel {

    static final Q4KKernel INSTANCE = new Q4KKernel();
    static final int QK = 256;
    static final int BYTES = 144;

    @Override
    GgmlType type() {
        return GgmlType.Q4_K;
    }

    @Override
    float dot(MemorySegment w, long off, float[] x, int xOff, int n) {
        return Simd.LOOKUP ? dotLookup(w, off, x, xOff, n) : dotConvert(w, off, x, xOff, n);
    }

    /** {@link TypeKernel#pairedRows}'s loop, compiled for this kernel alone (see there why). */
    @Override
    void pairedRows(MemorySegment w, long rb, float[] x, int xOff, int cols, float[] out, int outOff, int r0, int r1) {
        if (Simd.LOOKUP) {
            Q4KLanes.pairedRows(w, rb, x, xOff, cols, out, outOff, r0, r1);
            return;
        }
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
        if (Simd.LOOKUP) {
            Q4KLanes.dot2(w, off, rowBytes, x, xOff, n, out, i, i2);
        } else {
            dot2Convert(w, off, rowBytes, x, xOff, n, out, i, i2);
        }
    }

    /**
     * 16-lane path: the 16 possible values d*scale*q - dmin*min of a sub-block are one float vector, and a
     * lane permute indexed by the nibble (the permute reads only the index's low 4 bits) dequantizes 16
     * weights in one instruction, no int-to-float conversion and no dequant FMA per weight vector.
     */
    private static float dotLookup(MemorySegment w, long off, float[] x, int xOff, int n) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = acc0;
        FloatVector iota = Simd.iota();
        float[] sm = blockScratch();
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            scalesMins(w, o, sm, 0);
            for (int g = 0; g < 4; g++) {
                IntVector t0 = iota.fma(sm[2 * g], sm[8 + 2 * g]).reinterpretAsInts();
                IntVector t1 = iota.fma(sm[2 * g + 1], sm[8 + 2 * g + 1]).reinterpretAsInts();
                long q = o + 16 + 32L * g;
                int xo = xOff + QK * b + 64 * g;
                IntVector i0 = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, q, Simd.LE).convertShape(VectorOperators.B2I, Simd.I, 0);
                IntVector i1 = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, q + 16, Simd.LE).convertShape(VectorOperators.B2I, Simd.I, 0);
                acc0 = i0.selectFrom(t0).reinterpretAsFloats().fma(FloatVector.fromArray(F, x, xo), acc0);
                acc1 = i1.selectFrom(t0).reinterpretAsFloats().fma(FloatVector.fromArray(F, x, xo + 16), acc1);
                acc0 = i0.lanewise(VectorOperators.ASHR, 4).selectFrom(t1).reinterpretAsFloats()
                        .fma(FloatVector.fromArray(F, x, xo + 32), acc0);
                acc1 = i1.lanewise(VectorOperators.ASHR, 4).selectFrom(t1).reinterpretAsFloats()
                        .fma(FloatVector.fromArray(F, x, xo + 48), acc1);
            }
        }
        return LaneSum.sum(acc0.add(acc1));
    }

    /**
     * Two rows × four activation rows (the batched decode step of the serving engine): each weight block is read and
     * unpacked once for the four tokens, and every result accumulates exactly as {@link #dot2} does it for that row
     * and token alone (same products, same order), so a sequence's output does not depend on its batch.
     */
    @Override
    void dot2x4(MemorySegment w, long off, long rowBytes, float[] x, int xOff, int stride, int n, float[] out, int o,
                int outStride, int pair) {
        if (!Simd.LOOKUP) {
            super.dot2x4(w, off, rowBytes, x, xOff, stride, n, out, o, outStride, pair);
            return;
        }
        Q4KLanes.row4(w, off, x, xOff, stride, n, out, o, outStride);
        Q4KLanes.row4(w, off + rowBytes, x, xOff, stride, n, out, o + pair, outStride);
    }

    @Override
    int preparedLength(int n) {
        return Simd.LOOKUP ? Q4KLanes.preparedLength(n) : 0;
    }

    @Override
    void prepare(float[] x, int xOff, int n, float[] dst, int dstOff) {
        Q4KLanes.prepare(x, xOff, n, dst, dstOff);
    }

    /** {@link #scalesMins} as a vector: d*scale in lanes 0..7, -dmin*min in lanes 8..15 (only with {@link Simd#LOOKUP}). */
    static FloatVector scalesMinsVec(MemorySegment w, long o) {
        long b0 = w.get(LONG, o);
        long b1 = w.get(LONG, o + 8);
        long lo = (b0 >>> 32) | (b1 << 32);
        int hi = (int) (b1 >>> 32);
        ByteVector b = LongVector.zero(LongVector.SPECIES_128).withLane(0, KScales.scales(lo, hi))
                .withLane(1, KScales.mins(lo, hi)).reinterpretAsBytes();
        FloatVector f = (FloatVector) b.convertShape(VectorOperators.B2F, F, 0);
        float d = Float.float16ToFloat((short) b0);
        float dmin = Float.float16ToFloat((short) (b0 >>> 16));
        return f.mul(FloatVector.broadcast(F, d).blend(-dmin, Simd.UPPER_HALF));
    }

    /**
     * The block's 8 sub-block factors d*scale in sm[at..at+7] and -dmin*min in sm[at+8..at+15], decoded with
     * a few vector operations instead of per-sub-block scalar conversions.
     */
    static void scalesMins(MemorySegment w, long o, float[] sm, int at) {
        // one 16-byte load holds d, dmin and the 12 scale bytes; fewer segment accesses keep this small enough for
        // C2 to inline at both call sites of the two-row kernel
        long b0 = w.get(LONG, o);
        long b1 = w.get(LONG, o + 8);
        long lo = (b0 >>> 32) | (b1 << 32);
        int hi = (int) (b1 >>> 32);
        ByteVector b = LongVector.zero(LongVector.SPECIES_128).withLane(0, KScales.scales(lo, hi))
                .withLane(1, KScales.mins(lo, hi)).reinterpretAsBytes();
        FloatVector f = (FloatVector) b.convertShape(VectorOperators.B2F, F, 0);
        float d = Float.float16ToFloat((short) b0);
        float dmin = Float.float16ToFloat((short) (b0 >>> 16));
        f.mul(FloatVector.broadcast(F, d).blend(-dmin, Simd.UPPER_HALF)).intoArray(sm, at);
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
                long q = o + 16 + 32L * g;
                int xo = xOff + QK * b + 64 * g;
                for (int j = 0; j < 32; j += L) {
                    // widen to int lanes first: nibble masks and shifts are native there (x86 has no byte shifts)
                    IntVector iv = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, q + j, Simd.LE)
                            .convertShape(VectorOperators.B2I, Simd.I, 0);
                    FloatVector wl = ((FloatVector) iv.and(0xF).convert(VectorOperators.I2F, 0)).fma(d0, m0);
                    FloatVector wh = ((FloatVector) iv.lanewise(VectorOperators.ASHR, 4).and(0xF).convert(VectorOperators.I2F, 0))
                            .fma(d1, m1);
                    acc0 = wl.fma(FloatVector.fromArray(F, x, xo + j), acc0);
                    acc1 = wh.fma(FloatVector.fromArray(F, x, xo + 32 + j), acc1);
                }
            }
        }
        return LaneSum.sum(acc0.add(acc1));
    }

    private static void dot2Convert(MemorySegment w, long off, long rowBytes, float[] x, int xOff, int n, float[] out, int i, int i2) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector c0 = a0;
        FloatVector c1 = a0;
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            long p = o + rowBytes;
            float d = half(w, o);
            float dmin = half(w, o + 2);
            float e = half(w, p);
            float emin = half(w, p + 2);
            long slo = KScales.low(w, o + 4);
            int shi = KScales.high(w, o + 4);
            long tlo = KScales.low(w, p + 4);
            int thi = KScales.high(w, p + 4);
            long scs = KScales.scales(slo, shi);
            long ms = KScales.mins(slo, shi);
            long tcs = KScales.scales(tlo, thi);
            long tms = KScales.mins(tlo, thi);
            for (int g = 0; g < 4; g++) {
                int sh = 16 * g;
                float d0 = d * ((scs >>> sh) & 0xFF);
                float d1 = d * ((scs >>> (sh + 8)) & 0xFF);
                float m0 = -dmin * ((ms >>> sh) & 0xFF);
                float m1 = -dmin * ((ms >>> (sh + 8)) & 0xFF);
                float e0 = e * ((tcs >>> sh) & 0xFF);
                float e1 = e * ((tcs >>> (sh + 8)) & 0xFF);
                float n0 = -emin * ((tms >>> sh) & 0xFF);
                float n1 = -emin * ((tms >>> (sh + 8)) & 0xFF);
                int xo = xOff + QK * b + 64 * g;
                for (int j = 0; j < 32; j += L) {
                    FloatVector xl = FloatVector.fromArray(F, x, xo + j);
                    FloatVector xh = FloatVector.fromArray(F, x, xo + 32 + j);
                    IntVector iv = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, o + 16 + 32L * g + j, Simd.LE)
                            .convertShape(VectorOperators.B2I, Simd.I, 0);
                    IntVector jv = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, p + 16 + 32L * g + j, Simd.LE)
                            .convertShape(VectorOperators.B2I, Simd.I, 0);
                    a0 = ((FloatVector) iv.and(0xF).convert(VectorOperators.I2F, 0)).fma(d0, m0).fma(xl, a0);
                    a1 = ((FloatVector) iv.lanewise(VectorOperators.ASHR, 4).and(0xF).convert(VectorOperators.I2F, 0))
                            .fma(d1, m1).fma(xh, a1);
                    c0 = ((FloatVector) jv.and(0xF).convert(VectorOperators.I2F, 0)).fma(e0, n0).fma(xl, c0);
                    c1 = ((FloatVector) jv.lanewise(VectorOperators.ASHR, 4).and(0xF).convert(VectorOperators.I2F, 0))
                            .fma(e1, n1).fma(xh, c1);
                }
            }
        }
        out[i] = LaneSum.sum(a0.add(a1));
        out[i2] = LaneSum.sum(c0.add(c1));
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
                    int q = u8(w, o + 16 + 32L * g + l);
                    float x0 = x[xo + l];
                    float x1 = x[xo + 32 + l];
                    sq0 += (q & 0xF) * x0;
                    sx0 += x0;
                    sq1 += (q >> 4) * x1;
                    sx1 += x1;
                }
                sum += d * (sm0 & 0xFF) * sq0 - dmin * (sm0 >> 8) * sx0;
                sum += d * (sm1 & 0xFF) * sq1 - dmin * (sm1 >> 8) * sx1;
            }
        }
        return sum;
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
                    IntVector iv = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, o + 16 + 32L * g + j, Simd.LE)
                            .convertShape(VectorOperators.B2I, Simd.I, 0);
                    ((FloatVector) iv.and(0xF).convert(VectorOperators.I2F, 0)).fma(d0, m0).intoArray(out, yo + j);
                    ((FloatVector) iv.lanewise(VectorOperators.ASHR, 4).and(0xF).convert(VectorOperators.I2F, 0)).fma(d1, m1)
                            .intoArray(out, yo + 32 + j);
                }
            }
        }
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
                    int q = u8(w, o + 16 + 32L * g + l);
                    out[yo + l] = d * (sm0 & 0xFF) * (q & 0xF) - dmin * (sm0 >> 8);
                    out[yo + 32 + l] = d * (sm1 & 0xFF) * (q >> 4) - dmin * (sm1 >> 8);
                }
            }
        }
    }

    @Override
    void quantize(float[] src, int srcOff, int n, MemorySegment dst, long dstOff) {
        byte[] levels = new byte[QK];
        for (int b = 0; b < n / QK; b++) {
            long o = dstOff + (long) BYTES * b;
            KScales.quantizeSuperBlock(src, srcOff + QK * b, 15, -1f, 0.1f, 20, dst, o, levels);
            for (int g = 0; g < 4; g++) {
                for (int l = 0; l < 32; l++) {
                    int q = levels[64 * g + l] | (levels[64 * g + 32 + l] << 4);
                    dst.set(ValueLayout.JAVA_BYTE, o + 16 + 32L * g + l, (byte) q);
                }
            }
        }
    }
}
