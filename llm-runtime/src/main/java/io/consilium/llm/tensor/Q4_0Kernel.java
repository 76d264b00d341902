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

/** block_q4_0: fp16 d, 16 bytes of nibbles (low nibbles: elements 0..15, high: 16..31); value = d * (q - 8). */
final class Q4_0Kernel extends TypeKernel {

    static final Q4_0Kernel INSTANCE = new Q4_0Kernel();
    static final int QK = 32;
    static final int BYTES = 18;

    @Override
    GgmlType type() {
        return GgmlType.Q4_0;
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
        rows16(w, off, rowBytes, x, xOff, n, out, i, i2, true);
    }

    /**
     * 16-lane kernel for one row or two adjacent rows sharing the activation loads: per block the 16 values
     * d*(q-8) form one vector and a lane permute indexed by the nibble dequantizes 16 weights (as Q4_K).
     */
    private static void rows16(MemorySegment w, long off, long rowBytes, float[] x, int xOff, int n, float[] out, int i, int i2,
                               boolean two) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector c0 = a0;
        FloatVector c1 = a0;
        FloatVector levels = Simd.iota().sub(8f);
        long p0 = two ? rowBytes : 0;
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            int xo = xOff + QK * b;
            FloatVector xl = FloatVector.fromArray(F, x, xo);
            FloatVector xh = FloatVector.fromArray(F, x, xo + 16);
            IntVector t = levels.mul(half(w, o)).reinterpretAsInts();
            IntVector q = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, o + 2, Simd.LE).convertShape(VectorOperators.B2I, Simd.I, 0);
            a0 = q.selectFrom(t).reinterpretAsFloats().fma(xl, a0);
            a1 = q.lanewise(VectorOperators.ASHR, 4).selectFrom(t).reinterpretAsFloats().fma(xh, a1);
            if (two) {
                long p = o + p0;
                IntVector u = levels.mul(half(w, p)).reinterpretAsInts();
                IntVector r = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, p + 2, Simd.LE).convertShape(VectorOperators.B2I, Simd.I, 0);
                c0 = r.selectFrom(u).reinterpretAsFloats().fma(xl, c0);
                c1 = r.lanewise(VectorOperators.ASHR, 4).selectFrom(u).reinterpretAsFloats().fma(xh, c1);
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
            int xo = xOff + QK * b;
            FloatVector d = FloatVector.broadcast(F, half(w, o));
            for (int j = 0; j < 16; j += L) {
                IntVector q = Simd.bytesToInts(w, o + 2 + j);
                FloatVector lo = (FloatVector) q.and(0xF).sub(8).convert(VectorOperators.I2F, 0);
                FloatVector hi = (FloatVector) q.lanewise(VectorOperators.ASHR, 4).and(0xF).sub(8).convert(VectorOperators.I2F, 0);
                acc0 = lo.mul(d).fma(FloatVector.fromArray(F, x, xo + j), acc0);
                acc1 = hi.mul(d).fma(FloatVector.fromArray(F, x, xo + 16 + j), acc1);
            }
        }
        return LaneSum.sum(acc0.add(acc1));
    }

    @Override
    float dotScalar(MemorySegment w, long off, float[] x, int xOff, int n) {
        float sum = 0f;
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            int xo = xOff + QK * b;
            float s = 0f;
            for (int j = 0; j < 16; j++) {
                int q = u8(w, o + 2 + j);
                s += ((q & 0xF) - 8) * x[xo + j] + ((q >> 4) - 8) * x[xo + 16 + j];
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
            int yo = outOff + QK * b;
            float d = half(w, o);
            for (int j = 0; j < 16; j += L) {
                ByteVector q = Simd.loadBytes(w, o + 2 + j);
                Simd.toFloats(q.and((byte) 0xF).sub((byte) 8)).mul(d).intoArray(out, yo + j);
                Simd.toFloats(q.lanewise(VectorOperators.LSHR, 4).sub((byte) 8)).mul(d).intoArray(out, yo + 16 + j);
            }
        }
    }

    @Override
    void dequantizeScalar(MemorySegment w, long off, float[] out, int outOff, int n) {
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            int yo = outOff + QK * b;
            float d = half(w, o);
            for (int j = 0; j < 16; j++) {
                int q = u8(w, o + 2 + j);
                out[yo + j] = ((q & 0xF) - 8) * d;
                out[yo + 16 + j] = ((q >> 4) - 8) * d;
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
            float max = 0f;
            for (int j = 0; j < QK; j++) {
                float v = src[xo + j];
                if (amax < Math.abs(v)) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            float d = max / -8f;
            float id = d != 0f ? 1f / d : 0f;
            putHalf(dst, o, d);
            for (int j = 0; j < 16; j++) {
                int q0 = Math.min(15, (int) (src[xo + j] * id + 8.5f));
                int q1 = Math.min(15, (int) (src[xo + 16 + j] * id + 8.5f));
                dst.set(ValueLayout.JAVA_BYTE, o + 2 + j, (byte) (q0 | (q1 << 4)));
            }
        }
    }
}
