package io.consilium.llm.tensor;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;

/** A GGML type's blocks back to floats: the plain scalar reference of each type. */
public final class Dequantizer {

    private Dequantizer() {
    }

    /** Dequantizes {@code n} elements (a multiple of the block size) starting at block boundary {@code byteOff}. */
    public static void dequantize(GgmlType t, MemorySegment seg, long byteOff, float[] out, int outOff, int n) {
        if (n % t.blockSize() != 0) {
            throw new IllegalArgumentException(n + " is not a multiple of the " + t + " block size " + t.blockSize());
        }
        TypeKernel.of(t).dequantizeScalar(seg, byteOff, out, outOff, n);
    }

    public static float[] dequantize(GgmlType t, MemorySegment seg, int n) {
        float[] out = new float[n];
        dequantize(t, seg, 0, out, 0, n);
        return out;
    }
}
