package io.consilium.llm.tensor;

import static io.consilium.llm.tensor.Simd.F;
import static io.consilium.llm.tensor.Simd.L;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** bfloat16 weights (the top 16 bits of an IEEE float). */
final class BF16Kernel extends TypeKernel {

    static final BF16Kernel INSTANCE = new BF16Kernel();

    @Override
    GgmlType type() {
        return GgmlType.BF16;
    }

    static float toFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** Round to nearest even, NaN kept quiet, as ggml's fp32 to bf16 conversion. */
    static short fromFloat(float f) {
        int u = Float.floatToRawIntBits(f);
        if ((u & 0x7fffffff) > 0x7f800000) {
            return (short) ((u >>> 16) | 64);
        }
        return (short) ((u + (0x7fff + ((u >>> 16) & 1))) >>> 16);
    }

    @Override
    float dot(MemorySegment w, long off, float[] x, int xOff, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(F);
        for (int bound = n - L; i <= bound; i += L) {
            acc = Simd.bf16ToFloats(w, off + 2L * i).fma(FloatVector.fromArray(F, x, xOff + i), acc);
        }
        return LaneSum.sum(acc) + dotScalar(w, off + 2L * i, x, xOff + i, n - i);
    }

    @Override
    float dotScalar(MemorySegment w, long off, float[] x, int xOff, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += toFloat(w.get(SHORT, off + 2L * i)) * x[xOff + i];
        }
        return sum;
    }

    @Override
    void dequantize(MemorySegment w, long off, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = n - L; i <= bound; i += L) {
            Simd.bf16ToFloats(w, off + 2L * i).intoArray(out, outOff + i);
        }
        dequantizeScalar(w, off + 2L * i, out, outOff + i, n - i);
    }

    @Override
    void dequantizeScalar(MemorySegment w, long off, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = toFloat(w.get(SHORT, off + 2L * i));
        }
    }

    @Override
    void quantize(float[] src, int srcOff, int n, MemorySegment dst, long dstOff) {
        for (int i = 0; i < n; i++) {
            dst.set(SHORT, dstOff + 2L * i, fromFloat(src[srcOff + i]));
        }
    }
}
