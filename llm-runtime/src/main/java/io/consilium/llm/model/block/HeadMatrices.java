package io.consilium.llm.model.block;

import io.consilium.llm.tensor.FloatOps;
import io.consilium.llm.tensor.Kernels;
import io.consilium.llm.tensor.WeightMatrix;
import java.util.ArrayList;
import java.util.List;

/**
 * MLA's small per-head matrices (the absorbed W_UK and W_UV) as views on the mapped weights, in the file's own type:
 * dequantized copies on the heap would be 226 MB for DeepSeek-V2-Lite (27 layers × 16 heads × 2 × 512×128 floats)
 * and 4 GB for V3. Head h's matrix M_h (rows × cols, applied as out = M_h · x) is stored either by rows (attn_k_b,
 * attn_v_b, and W_UV inside a legacy attn_kv_b: a matrix-vector product through the quantized kernels) or by columns
 * (W_UK inside a legacy attn_kv_b, whose stored rows are W_UK's columns: dequantized per head and summed as columns).
 */
public final class HeadMatrices {
    private final WeightMatrix[] heads;
    private final int rows;
    private final int cols;
    private final boolean byColumns;

    private HeadMatrices(WeightMatrix stored, int nHead, int rows, int cols, int headStride, int offset,
                         boolean byColumns) {
        int storedRows = byColumns ? cols : rows;
        int storedCols = byColumns ? rows : cols;
        if (stored.cols() != storedCols || offset + (long) (nHead - 1) * headStride + storedRows > stored.rows()) {
            throw new IllegalArgumentException("head matrices " + nHead + " x " + rows + "x" + cols + " do not fit "
                    + stored);
        }
        this.heads = new WeightMatrix[nHead];
        for (int h = 0; h < nHead; h++) {
            heads[h] = stored.rowSlice(offset + h * headStride, storedRows);
        }
        this.rows = rows;
        this.cols = cols;
        this.byColumns = byColumns;
    }

    /** M_h stored as its rows: head h's rows are stored rows [offset + h·headStride, + rows), each cols long. */
    public static HeadMatrices byRows(WeightMatrix stored, int nHead, int rows, int cols, int headStride, int offset) {
        return new HeadMatrices(stored, nHead, rows, cols, headStride, offset, false);
    }

    /** M_h stored as its columns: stored rows [offset + h·headStride, + cols), each rows long. */
    public static HeadMatrices byColumns(WeightMatrix stored, int nHead, int rows, int cols, int headStride,
                                         int offset) {
        return new HeadMatrices(stored, nHead, rows, cols, headStride, offset, true);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Whether {@link #dequantizeHead} gives M_h's columns (cols × rows) rather than its rows (rows × cols). */
    boolean storedByColumns() {
        return byColumns;
    }

    /** Weight bytes all heads' matrices read once. */
    public long byteSize() {
        return heads.length * heads[0].byteSize();
    }

    /** Head h's stored rows as floats, row-major, into dst from 0: M_h, or its transpose if {@link #storedByColumns}. */
    void dequantizeHead(int head, float[] dst) {
        WeightMatrix m = heads[head];
        for (int r = 0; r < m.rows(); r++) {
            m.dequantizeRow(r, dst, r * m.cols());
        }
    }

    /**
     * out[outOff + i·outStride + r] = Σ_c M_{h0+i}[r][c] · x[xOff + i·xStride + c] for the g heads from h0, on the
     * calling thread when called inside a parallel region (the rows of all g heads in one kernel call).
     */
    public void applyGroup(Kernels k, int h0, int g, float[] x, int xOff, int xStride, float[] out, int outOff,
                           int outStride) {
        if (!byColumns) {
            List<Kernels.Matvec> jobs = new ArrayList<>(g);
            for (int i = 0; i < g; i++) {
                jobs.add(new Kernels.Matvec(heads[h0 + i], x, xOff + i * xStride, out, outOff + i * outStride));
            }
            k.matvecs(jobs);
            return;
        }
        FloatOps ops = k.ops();
        // decode only: the prompt path's use of this slot (MlaPrefill) never runs inside this call
        float[] cols = Scratch.floats(Scratch.KD, rows * this.cols);
        for (int i = 0; i < g; i++) {
            dequantizeHead(h0 + i, cols);
            ops.gemvColumnMajor(cols, 0, rows, this.cols, x, xOff + i * xStride, out, outOff + i * outStride);
        }
    }
}
