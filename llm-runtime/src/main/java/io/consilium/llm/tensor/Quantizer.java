package io.consilium.llm.tensor;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;

/** Float data to a GGML type's blocks, following ggml's reference quantizers (for the writer, synth and tests). */
public final class Quantizer {

    private Quantizer() {
    }

    /** {@code src.length} must be a multiple of the type's block size; for a matrix pass it row-major (blocks never span rows). */
    public static byte[] quantize(GgmlType type, float[] src) {
        byte[] out = new byte[Math.toIntExact(type.bytesFor(src.length))];
        quantize(type, src, 0, src.length, MemorySegment.ofArray(out), 0);
        return out;
    }

    public static void quantize(GgmlType type, float[] src, int srcOff, int n, MemorySegment dst, long dstOff) {
        TypeKernel.of(type).quantize(src, srcOff, n, dst, dstOff);
    }
}
