package io.consilium.llm.tensor;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;

/**
 * A 2-D weight tensor in its stored (possibly quantized) form: {@code rows} = output dimension (ggml ne1),
 * {@code cols} = input dimension (ggml ne0), each row a whole number of blocks, rows contiguous. The data
 * is usually a slice of a memory-mapped GGUF file; nothing is copied.
 */
public final class WeightMatrix {

    private final GgmlType type;
    private final MemorySegment data;
    private final int rows;
    private final int cols;
    private final long rowBytes;

    private WeightMatrix(GgmlType type, MemorySegment data, int rows, int cols) {
        this.type = type;
        this.data = data;
        this.rows = rows;
        this.cols = cols;
        this.rowBytes = type.bytesFor(cols);
    }

    public static WeightMatrix of(GgmlType type, MemorySegment data, int rows, int cols) {
        if (!type.supported()) {
            throw new IllegalArgumentException("ggml type " + type + " has no kernel (supported: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K)");
        }
        if (rows < 0 || cols <= 0 || cols % type.blockSize() != 0) {
            throw new IllegalArgumentException("a " + type + " matrix needs cols a positive multiple of " + type.blockSize()
                    + ", got " + rows + "x" + cols);
        }
        long need = type.bytesFor(cols) * rows;
        if (data.byteSize() < need) {
            throw new IllegalArgumentException(rows + "x" + cols + " " + type + " needs " + need + " bytes, segment has "
                    + data.byteSize());
        }
        return new WeightMatrix(type, data.asSlice(0, need), rows, cols);
    }

    public GgmlType type() {
        return type;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public MemorySegment data() {
        return data;
    }

    public long rowBytes() {
        return rowBytes;
    }

    /** Bytes of weights a full matvec reads. */
    public long byteSize() {
        return rowBytes * rows;
    }

    /** Rows {@code [firstRow, firstRow + nRows)} as a matrix of their own, zero-copy (an MoE expert of a 3-D tensor). */
    public WeightMatrix rowSlice(int firstRow, int nRows) {
        if (firstRow < 0 || nRows < 0 || firstRow + nRows > rows) {
            throw new IndexOutOfBoundsException("rows [" + firstRow + ", +" + nRows + ") of a " + rows + "-row matrix");
        }
        return new WeightMatrix(type, data.asSlice(rowBytes * firstRow, rowBytes * nRows), nRows, cols);
    }

    /** Writes row {@code row} as floats to {@code out[outOff .. outOff + cols)}. */
    public void dequantizeRow(int row, float[] out, int outOff) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " of " + rows);
        }
        TypeKernel k = TypeKernel.of(type);
        if (KernelBackend.vectorDefault()) {
            k.dequantize(data, rowBytes * row, out, outOff, cols);
        } else {
            k.dequantizeScalar(data, rowBytes * row, out, outOff, cols);
        }
    }

    @Override
    public String toString() {
        return "WeightMatrix[" + type + " " + rows + "x" + cols + "]";
    }
}
