package io.consilium.llm.tensor;

import static io.consilium.llm.tensor.Simd.F;
import static io.consilium.llm.tensor.Simd.L;
import static io.consilium.llm.tensor.Simd.LE;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** F32 weights. */
final class F32Kernel extends TypeKernel {

    static final F32Kernel INSTANCE = new F32Kernel();

    @Override
    GgmlType type() {
        return GgmlType.F32;
    }

    @Override
    float dot(MemorySegment w, long off, float[] x, int xOff, int n) {
        int i = 0;
        float sum = 0f;
        if (n >= L) {
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
                acc0 = FloatVector.fromMemorySegment(F, w, off + 4L * i, LE).fma(FloatVector.fromArray(F, x, xOff + i), acc0);
                acc1 = FloatVector.fromMemorySegment(F, w, off + 4L * (i + L), LE)
                        .fma(FloatVector.fromArray(F, x, xOff + i + L), acc1);
            }
            for (int bound = n - L; i <= bound; i += L) {
                acc0 = FloatVector.fromMemorySegment(F, w, off + 4L * i, LE).fma(FloatVector.fromArray(F, x, xOff + i), acc0);
            }
            sum = LaneSum.sum(acc0.add(acc1));
        }
        return sum + dotScalar(w, off + 4L * i, x, xOff + i, n - i);
    }

    @Override
    float dotScalar(MemorySegment w, long off, float[] x, int xOff, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += w.get(FLOAT, off + 4L * i) * x[xOff + i];
        }
        return sum;
    }

    @Override
    void dequantize(MemorySegment w, long off, float[] out, int outOff, int n) {
        MemorySegment.copy(w, FLOAT, off, out, outOff, n);
    }

    @Override
    void dequantizeScalar(MemorySegment w, long off, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = w.get(FLOAT, off + 4L * i);
        }
    }

    @Override
    void quantize(float[] src, int srcOff, int n, MemorySegment dst, long dstOff) {
        MemorySegment.copy(src, srcOff, dst, FLOAT, dstOff, n);
    }
}
