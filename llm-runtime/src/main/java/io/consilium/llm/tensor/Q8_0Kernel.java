package io.consilium.llm.tensor;

import static io.consilium.llm.tensor.Simd.F;
import static io.consilium.llm.tensor.Simd.L;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** block_q8_0: fp16 d, then 32 int8 quants; value = d * q. */
final class Q8_0Kernel extends TypeKernel {

    static final Q8_0Kernel INSTANCE = new Q8_0Kernel();
    static final int QK = 32;
    static final int BYTES = 34;

    @Override
    GgmlType type() {
        return GgmlType.Q8_0;
    }

    @Override
    float dot(MemorySegment w, long off, float[] x, int xOff, int n) {
        // two block accumulators so consecutive blocks' FMAs do not wait on each other
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int nb = n / QK;
        int b = 0;
        for (; b + 1 < nb; b += 2) {
            acc0 = block(w, off + (long) BYTES * b, x, xOff + QK * b).fma(FloatVector.broadcast(F, half(w, off + (long) BYTES * b)), acc0);
            long o1 = off + (long) BYTES * (b + 1);
            acc1 = block(w, o1, x, xOff + QK * (b + 1)).fma(FloatVector.broadcast(F, half(w, o1)), acc1);
        }
        if (b < nb) {
            acc0 = block(w, off + (long) BYTES * b, x, xOff + QK * b).fma(FloatVector.broadcast(F, half(w, off + (long) BYTES * b)), acc0);
        }
        return LaneSum.sum(acc0.add(acc1));
    }

    /** Unscaled sum of q * x over one block, per lane. */
    private static FloatVector block(MemorySegment w, long o, float[] x, int xo) {
        FloatVector s = ((FloatVector) ByteVector.fromMemorySegment(Simd.B, w, o + 2, Simd.LE)
                .convertShape(VectorOperators.B2F, F, 0)).mul(FloatVector.fromArray(F, x, xo));
        for (int j = L; j < QK; j += L) {
            s = ((FloatVector) ByteVector.fromMemorySegment(Simd.B, w, o + 2 + j, Simd.LE)
                    .convertShape(VectorOperators.B2F, F, 0)).fma(FloatVector.fromArray(F, x, xo + j), s);
        }
        return s;
    }

    @Override
    void dot2(MemorySegment w, long off, long rowBytes, float[] x, int xOff, int n, float[] out, int i, int i2) {
        float[] s = TypeKernel.blockScratch();
        acc2(w, off, rowBytes, x, xOff, n, s, 0);
        out[i] = LaneSum.sumStored(s, 0);
        out[i2] = LaneSum.sumStored(s, L);
    }

    /**
     * Rows paired as {@link TypeKernel#pairedRows} pairs them, two pairs per step: their four accumulators are stored
     * and summed in one {@link LaneSum#sum4Stored} (the same bits as {@link #dot2}'s sums). An expert's down
     * projection has rows of 16 blocks, where a pair's own sums and call were a visible share of the row.
     */
    @Override
    void pairedRows(MemorySegment w, long rb, float[] x, int xOff, int cols, float[] out, int outOff, int r0, int r1) {
        if (L != 16) {
            super.pairedRows(w, rb, x, xOff, cols, out, outOff, r0, r1);
            return;
        }
        float[] s = TypeKernel.blockScratch();
        int half = (r1 - r0) / 2;
        long gap = rb * half;
        int i = 0;
        for (; i + 2 <= half; i += 2) {
            int a = r0 + i;
            long off = rb * a;
            acc2(w, off, gap, x, xOff, cols, s, 0);
            acc2(w, off + rb, gap, x, xOff, cols, s, 2 * L);
            int o = outOff + a;
            LaneSum.sum4Stored(s, 0, out, o, o + half, o + 1, o + 1 + half);
        }
        if (i < half) {
            dot2(w, rb * (r0 + i), gap, x, xOff, cols, out, outOff + r0 + i, outOff + r0 + i + half);
        }
        if (((r1 - r0) & 1) != 0) {
            dot2(w, rb * (r1 - 1), 0, x, xOff, cols, out, outOff + r1 - 1, outOff + r1 - 1);
        }
    }

    /** The accumulators of rows at off and off + rowBytes, stored at s[at..] and s[at + L..]. */
    private static void acc2(MemorySegment w, long off, long rowBytes, float[] x, int xOff, int n, float[] s, int at) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o0 = off + (long) BYTES * b;
            long o1 = o0 + rowBytes;
            int xo = xOff + QK * b;
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = FloatVector.zero(F);
            for (int j = 0; j < QK; j += L) {
                FloatVector xv = FloatVector.fromArray(F, x, xo + j);
                s0 = ((FloatVector) ByteVector.fromMemorySegment(Simd.B, w, o0 + 2 + j, Simd.LE)
                        .convertShape(VectorOperators.B2F, F, 0)).fma(xv, s0);
                s1 = ((FloatVector) ByteVector.fromMemorySegment(Simd.B, w, o1 + 2 + j, Simd.LE)
                        .convertShape(VectorOperators.B2F, F, 0)).fma(xv, s1);
            }
            a0 = s0.fma(FloatVector.broadcast(F, half(w, o0)), a0);
            a1 = s1.fma(FloatVector.broadcast(F, half(w, o1)), a1);
        }
        a0.intoArray(s, at);
        a1.intoArray(s, at + L);
    }

    /**
     * {@link #dot2} for four activation rows at once (x at xOff + t·stride, results to out[o + t·outStride],
     * out[o + t·outStride + pair]): each weight block is converted once and used four times, with every result
     * accumulated in exactly dot2's order, so a token's output does not depend on which tokens share the call.
     */
    @Override
    void dot2x4(MemorySegment w, long off, long rowBytes, float[] x, int xOff, int stride, int n, float[] out, int o,
                int outStride, int pair) {
        FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F), a02 = FloatVector.zero(F), a03 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F), a11 = FloatVector.zero(F), a12 = FloatVector.zero(F), a13 = FloatVector.zero(F);
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o0 = off + (long) BYTES * b;
            long o1 = o0 + rowBytes;
            int xo = xOff + QK * b;
            FloatVector s00 = FloatVector.zero(F), s01 = FloatVector.zero(F), s02 = FloatVector.zero(F), s03 = FloatVector.zero(F);
            FloatVector s10 = FloatVector.zero(F), s11 = FloatVector.zero(F), s12 = FloatVector.zero(F), s13 = FloatVector.zero(F);
            for (int j = 0; j < QK; j += L) {
                FloatVector w0 = (FloatVector) ByteVector.fromMemorySegment(Simd.B, w, o0 + 2 + j, Simd.LE)
                        .convertShape(VectorOperators.B2F, F, 0);
                FloatVector w1 = (FloatVector) ByteVector.fromMemorySegment(Simd.B, w, o1 + 2 + j, Simd.LE)
                        .convertShape(VectorOperators.B2F, F, 0);
                FloatVector x0 = FloatVector.fromArray(F, x, xo + j);
                FloatVector x1 = FloatVector.fromArray(F, x, xo + stride + j);
                FloatVector x2 = FloatVector.fromArray(F, x, xo + 2 * stride + j);
                FloatVector x3 = FloatVector.fromArray(F, x, xo + 3 * stride + j);
                s00 = w0.fma(x0, s00);
                s01 = w0.fma(x1, s01);
                s02 = w0.fma(x2, s02);
                s03 = w0.fma(x3, s03);
                s10 = w1.fma(x0, s10);
                s11 = w1.fma(x1, s11);
                s12 = w1.fma(x2, s12);
                s13 = w1.fma(x3, s13);
            }
            FloatVector d0 = FloatVector.broadcast(F, half(w, o0));
            FloatVector d1 = FloatVector.broadcast(F, half(w, o1));
            a00 = s00.fma(d0, a00);
            a01 = s01.fma(d0, a01);
            a02 = s02.fma(d0, a02);
            a03 = s03.fma(d0, a03);
            a10 = s10.fma(d1, a10);
            a11 = s11.fma(d1, a11);
            a12 = s12.fma(d1, a12);
            a13 = s13.fma(d1, a13);
        }
        // stored and summed outside: with the sums inside, the graph passes C2's inlining cutoff and boxes the vectors
        float[] s = TypeKernel.blockScratch();
        a00.intoArray(s, 0);
        a01.intoArray(s, L);
        a02.intoArray(s, 2 * L);
        a03.intoArray(s, 3 * L);
        a10.intoArray(s, 4 * L);
        a11.intoArray(s, 5 * L);
        a12.intoArray(s, 6 * L);
        a13.intoArray(s, 7 * L);
        LaneSum.sum4Stored(s, 0, out, o, outStride);
        LaneSum.sum4Stored(s, 4 * L, out, o + pair, outStride);
    }

    @Override
    boolean unpackable() {
        return true;
    }

    /** Rows r and r+1 as exact (unscaled) int8 values in floats, buf = [row0 | row1], and their block scales. */
    @Override
    void unpack2(MemorySegment w, long off, long rowBytes, int n, float[] buf, float[] scales) {
        int nb = n / QK;
        for (int r = 0; r < 2; r++) {
            long ro = off + r * rowBytes;
            for (int b = 0; b < nb; b++) {
                long o = ro + (long) BYTES * b;
                scales[r * nb + b] = half(w, o);
                for (int j = 0; j < QK; j += L) {
                    ((FloatVector) ByteVector.fromMemorySegment(Simd.B, w, o + 2 + j, Simd.LE)
                            .convertShape(VectorOperators.B2F, F, 0)).intoArray(buf, r * n + QK * b + j);
                }
            }
        }
    }

    /** {@link #dot2x4} over unpacked rows: the same products in the same order, without converting again. */
    @Override
    void dot2x4Unpacked(float[] buf, float[] scales, int n, float[] x, int xOff, int stride, float[] out, int o,
                        int outStride, int pair) {
        FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F), a02 = FloatVector.zero(F), a03 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F), a11 = FloatVector.zero(F), a12 = FloatVector.zero(F), a13 = FloatVector.zero(F);
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            int xo = xOff + QK * b;
            FloatVector s00 = FloatVector.zero(F), s01 = FloatVector.zero(F), s02 = FloatVector.zero(F), s03 = FloatVector.zero(F);
            FloatVector s10 = FloatVector.zero(F), s11 = FloatVector.zero(F), s12 = FloatVector.zero(F), s13 = FloatVector.zero(F);
            for (int j = 0; j < QK; j += L) {
                FloatVector w0 = FloatVector.fromArray(F, buf, QK * b + j);
                FloatVector w1 = FloatVector.fromArray(F, buf, n + QK * b + j);
                FloatVector x0 = FloatVector.fromArray(F, x, xo + j);
                FloatVector x1 = FloatVector.fromArray(F, x, xo + stride + j);
                FloatVector x2 = FloatVector.fromArray(F, x, xo + 2 * stride + j);
                FloatVector x3 = FloatVector.fromArray(F, x, xo + 3 * stride + j);
                s00 = w0.fma(x0, s00);
                s01 = w0.fma(x1, s01);
                s02 = w0.fma(x2, s02);
                s03 = w0.fma(x3, s03);
                s10 = w1.fma(x0, s10);
                s11 = w1.fma(x1, s11);
                s12 = w1.fma(x2, s12);
                s13 = w1.fma(x3, s13);
            }
            FloatVector d0 = FloatVector.broadcast(F, scales[b]);
            FloatVector d1 = FloatVector.broadcast(F, scales[nb + b]);
            a00 = s00.fma(d0, a00);
            a01 = s01.fma(d0, a01);
            a02 = s02.fma(d0, a02);
            a03 = s03.fma(d0, a03);
            a10 = s10.fma(d1, a10);
            a11 = s11.fma(d1, a11);
            a12 = s12.fma(d1, a12);
            a13 = s13.fma(d1, a13);
        }
        // stored and summed outside: with the sums inside, the graph passes C2's inlining cutoff and boxes the vectors
        float[] s = TypeKernel.blockScratch();
        a00.intoArray(s, 0);
        a01.intoArray(s, L);
        a02.intoArray(s, 2 * L);
        a03.intoArray(s, 3 * L);
        a10.intoArray(s, 4 * L);
        a11.intoArray(s, 5 * L);
        a12.intoArray(s, 6 * L);
        a13.intoArray(s, 7 * L);
        LaneSum.sum4Stored(s, 0, out, o, outStride);
        LaneSum.sum4Stored(s, 4 * L, out, o + pair, outStride);
    }

    @Override
    float dotScalar(MemorySegment w, long off, float[] x, int xOff, int n) {
        float sum = 0f;
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            int xo = xOff + QK * b;
            float s = 0f;
            for (int j = 0; j < QK; j++) {
                s += w.get(ValueLayout.JAVA_BYTE, o + 2 + j) * x[xo + j];
            }
            sum += s * half(w, o);
        }
        return sum;
    }

    @Override
    void dequantize(MemorySegment w, long off, float[] out, int outOff, int n) {
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            float d = half(w, o);
            for (int j = 0; j < QK; j += L) {
                Simd.bytesToFloats(w, o + 2 + j).mul(d).intoArray(out, outOff + QK * b + j);
            }
        }
    }

    @Override
    void dequantizeScalar(MemorySegment w, long off, float[] out, int outOff, int n) {
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            float d = half(w, o);
            for (int j = 0; j < QK; j++) {
                out[outOff + QK * b + j] = w.get(ValueLayout.JAVA_BYTE, o + 2 + j) * d;
            }
        }
    }

    @Override
    void quantize(float[] src, int srcOff, int n, MemorySegment dst, long dstOff) {
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            int xo = srcOff + QK * b;
            long o = dstOff + (long) BYTES * b;
            float amax = 0f;
            for (int j = 0; j < QK; j++) {
                amax = Math.max(amax, Math.abs(src[xo + j]));
            }
            float d = amax / 127f;
            float id = d != 0f ? 1f / d : 0f;
            putHalf(dst, o, d);
            for (int j = 0; j < QK; j++) {
                dst.set(ValueLayout.JAVA_BYTE, o + 2 + j, (byte) QuantMath.roundAwayFromZero(src[xo + j] * id));
            }
        }
    }
}
