package io.consilium.llm.tensor;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * One GGML weight type: its vector dot kernel and the plain scalar twin beside it, dequantization and the
 * reference quantizer. Offsets are byte offsets into the segment and must start a block; {@code n} is a
 * multiple of the type's block size.
 */
abstract class TypeKernel {

    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    abstract GgmlType type();

    /** sum_i w[i] * x[xOff + i] over {@code n} elements, Vector API. */
    abstract float dot(MemorySegment w, long off, float[] x, int xOff, int n);

    /**
     * Floats of the input layout this kernel's {@link #dot2} and {@link #dot2x4} read for an n-element input (written
     * by {@link #prepare} once per matvec input), or 0 when they read x as it is. {@link #dot} and the scalar twins
     * always read x as it is.
     */
    int preparedLength(int n) {
        return 0;
    }

    /** Writes x[xOff, xOff + n) into dst at dstOff in the layout of {@link #preparedLength}. */
    void prepare(float[] x, int xOff, int n, float[] dst, int dstOff) {
        throw new UnsupportedOperationException(type() + " reads its input as it is");
    }

    /**
     * Two rows ({@code rowBytes} apart; 0 computes one row twice) against the same x (prepared, see
     * {@link #preparedLength}), results to out[i] and out[i2];
     * types whose kernels gain from sharing the activation loads override it. Each row's result must not depend on
     * its partner: callers pair rows however suits the memory system, and the batch path relies on a row giving the
     * same bits in any pairing.
     */
    void dot2(MemorySegment w, long off, long rowBytes, float[] x, int xOff, int n, float[] out, int i, int i2) {
        out[i] = dot(w, off, x, xOff, n);
        out[i2] = dot(w, off + rowBytes, x, xOff, n);
    }

    /**
     * Rows r0..r1 (row r at byte rb·r): row i of the range's first half paired with row i of its second half (two long
     * sequential streams keep the hardware prefetchers ahead; adjacent rows interleave within a page and stream ~3x
     * slower from DRAM), an odd range's last row paired with itself (dot2's arithmetic, so a row's bits never depend
     * on chunking). The hot kernels override it with a copy of this loop: a caller looping over dot2 itself sees
     * every type at one call site, and once two kernels were inlined there C2's node budget ran out (Q6_K after
     * Q4_K in one process: 3.8 instead of 8+ GB/s); per class the loop's call is monomorphic and binds statically.
     */
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

    /**
     * {@link #dot2} for four activation rows (x at xOff + t·stride, results to out[o + t·outStride] and pair further
     * element), each computed exactly as dot2 computes it; types with a kernel that converts each weight block once
     * for the four override it.
     */
    void dot2x4(MemorySegment w, long off, long rowBytes, float[] x, int xOff, int stride, int n, float[] out, int o,
                int outStride, int pair) {
        for (int t = 0; t < 4; t++) {
            dot2(w, off, rowBytes, x, xOff + t * stride, n, out, o + t * outStride, o + t * outStride + pair);
        }
    }

    /** Whether {@link #unpack2} and {@link #dot2x4Unpacked} are implemented (many-token products reuse one unpack). */
    boolean unpackable() {
        return false;
    }

    void unpack2(MemorySegment w, long off, long rowBytes, int n, float[] buf, float[] scales) {
        throw new UnsupportedOperationException(type() + " has no unpacked kernel");
    }

    void dot2x4Unpacked(float[] buf, float[] scales, int n, float[] x, int xOff, int stride, float[] out, int o,
                        int outStride, int pair) {
        throw new UnsupportedOperationException(type() + " has no unpacked kernel");
    }

    /** The scalar twin of {@link #dot}. */
    abstract float dotScalar(MemorySegment w, long off, float[] x, int xOff, int n);

    /** Vectorized dequantization; defaults to the scalar one. */
    void dequantize(MemorySegment w, long off, float[] out, int outOff, int n) {
        dequantizeScalar(w, off, out, outOff, n);
    }

    abstract void dequantizeScalar(MemorySegment w, long off, float[] out, int outOff, int n);

    /** Quantizes {@code n} floats into {@code dst} at byte offset {@code dstOff}, as ggml's reference quantizer. */
    abstract void quantize(float[] src, int srcOff, int n, MemorySegment dst, long dstOff);

    private static final ThreadLocal<float[]> BLOCK_SCRATCH = ThreadLocal.withInitial(() -> new float[128]);

    /**
     * A per-thread array of 128 floats for a kernel's per-block scale tables and stored accumulators. The kernels are called through this
     * abstract class (one call per row pair, not inlined), so a {@code new float[..]} there is a real heap allocation
     * per call: gigabytes of garbage per second of decode on K-quant models.
     */
    static float[] blockScratch() {
        // the pool's workers carry their own (a ThreadLocal lookup per row pair showed up at ~5% of batched decode)
        return Thread.currentThread() instanceof ComputePool.Worker w ? w.blockScratch : BLOCK_SCRATCH.get();
    }

    static float half(MemorySegment w, long off) {
        return Float.float16ToFloat(w.get(SHORT, off));
    }

    static void putHalf(MemorySegment w, long off, float v) {
        w.set(SHORT, off, Float.floatToFloat16(v));
    }

    static int u8(MemorySegment w, long off) {
        return w.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
    }

    static TypeKernel of(GgmlType type) {
        return switch (type) {
            case F32 -> F32Kernel.INSTANCE;
            case F16 -> F16Kernel.INSTANCE;
            case BF16 -> BF16Kernel.INSTANCE;
            case Q8_0 -> Q8_0Kernel.INSTANCE;
            case Q4_0 -> Q4_0Kernel.INSTANCE;
            case Q4_K -> Q4KKernel.INSTANCE;
            case Q5_K -> Q5KKernel.INSTANCE;
            case Q6_K -> Q6KKernel.INSTANCE;
            default -> throw new UnsupportedOperationException("no kernel for ggml type " + type
                    + " (supported: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K)");
        };
    }
}
