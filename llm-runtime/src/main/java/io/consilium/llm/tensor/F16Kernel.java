package io.consilium.llm.tensor;

import static io.consilium.llm.tensor.Simd.F;
import static io.consilium.llm.tensor.Simd.L;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** IEEE half-precision weights. */
final class F16Kernel extends TypeKernel {

    static final F16Kernel INSTANCE = new F16Kernel();

    @Override
    GgmlType type() {
        return GgmlType.F16;
    }

    @Override
    float dot(MemorySegment w, long off, float[] x, int xOff, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(F);
        for (int bound = n - L; i <= bound; i += L) {
            acc = Simd.halvesToFloats(w, off + 2L * i).fma(FloatVector.fromArray(F, x, xOff + i), acc);
        }
        return LaneSum.sum(acc) + dotScalar(w, off + 2L * i, x, xOff + i, n - i);
    }

    @Override
    float dotScalar(MemorySegment w, long off, float[] x, int xOff, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += half(w, off + 2L * i) * x[xOff + i];
        }
        return sum;
    }

    @Override
    void dequantize(MemorySegment w, long off, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = n - L; i <= bound; i += L) {
            Simd.halvesToFloats(w, off + 2L * i).intoArray(out, outOff + i);
        }
        dequantizeScalar(w, off + 2L * i, out, outOff + i, n - i);
    }

    @Override
    void dequantizeScalar(MemorySegment w, long off, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = half(w, off + 2L * i);
        }
    }

    @Override
    void quantize(float[] src, int srcOff, int n, MemorySegment dst, long dstOff) {
        for (int i = 0; i < n; i++) {
            putHalf(dst, dstOff + 2L * i, src[srcOff + i]);
        }
    }
}
