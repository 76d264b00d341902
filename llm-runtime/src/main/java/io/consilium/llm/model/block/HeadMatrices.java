package io.consilium.llm.model.block;

import io.consilium.llm.tensor.FloatOps;

/**
 * Small per-head matrices (MLA's absorbed W_UK and W_UV) kept dequantized in F32: they are applied once per head
 * inside an already parallel loop, where a pooled kernel call per head would cost more in synchronisation than
 * the arithmetic itself.
 */
public final class HeadMatrices {
    private final float[] data;
    private final int nHead;
    private final int rows;
    private final int cols;
    /** Tall matrices (W_UK: kv_lora_rank × nope) are kept column-major: see {@link FloatOps#gemvColumnMajor}. */
    private final boolean columnMajor;

    /** @param data nHead × rows × cols, row-major */
    public HeadMatrices(float[] data, int nHead, int rows, int cols) {
        if (data.length != nHead * rows * cols) {
            throw new IllegalArgumentException("head matrices need " + nHead * rows * cols + " values");
        }
        this.nHead = nHead;
        this.rows = rows;
        this.cols = cols;
        this.columnMajor = rows > cols;
        this.data = columnMajor ? transposeHeads(data, nHead, rows, cols) : data;
    }

    private static float[] transposeHeads(float[] data, int nHead, int rows, int cols) {
        float[] t = new float[data.length];
        for (int h = 0; h < nHead; h++) {
            int base = h * rows * cols;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    t[base + c * rows + r] = data[base + r * cols + c];
                }
            }
        }
        return t;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /**
     * The values, per head from {@link #base}: rows × cols row-major, or cols × rows (the transpose, row-major) when
     * {@link #columnMajor}.
     */
    float[] data() {
        return data;
    }

    boolean columnMajor() {
        return columnMajor;
    }

    int base(int head) {
        return head * rows * cols;
    }

    public long byteSize() {
        return (long) data.length * Float.BYTES;
    }

    /** out[outOff + r] = Σ_c M_head[r][c] · x[xOff + c]. */
    public void apply(FloatOps ops, int head, float[] x, int xOff, float[] out, int outOff) {
        int base = head * rows * cols;
        if (columnMajor) {
            ops.gemvColumnMajor(data, base, rows, cols, x, xOff, out, outOff);
            return;
        }
        for (int r = 0; r < rows; r++) {
            out[outOff + r] = ops.dot(data, base + r * cols, x, xOff, cols);
        }
    }
}
