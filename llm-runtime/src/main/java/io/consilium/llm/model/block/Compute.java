package io.consilium.llm.model.block;

import io.consilium.llm.tensor.ComputePool;
import io.consilium.llm.tensor.FloatOps;
import io.consilium.llm.tensor.Kernels;
import io.consilium.llm.tensor.WeightMatrix;

/**
 * The kernel backend and worker pool a forward pass runs on; passed down explicitly, never global.
 *
 * @param rowwise multi-row products compute every row exactly as a single-token matrix-vector product does (weight
 *                slices are still read from memory once for all rows, while they sit in cache). The serving engine
 *                uses it so a sequence's tokens do not depend on which other sequences share its steps; the default
 *                (false) uses the blocked matmul, which is faster for long prompts.
 */
public record Compute(Kernels kernels, ComputePool pool, boolean rowwise) {
    /** Rows per slice of a row-wise product: small enough to stay in L1/L2 while every row reads it. */
    private static final int SLICE_ROWS = 16;

    public Compute(Kernels kernels, ComputePool pool) {
        this(kernels, pool, false);
    }

    public FloatOps ops() {
        return kernels.ops();
    }

    /** out (n × rows) = x (n × cols) · wᵀ; a single token takes the matrix-vector path. */
    public void linear(WeightMatrix w, float[] x, int n, float[] out) {
        if (n == 1) {
            kernels.matvec(w, x, out);
        } else if (rowwise) {
            rowwiseProduct(w, x, n, out);
        } else {
            kernels.matmul(w, x, n, out);
        }
    }

    private void rowwiseProduct(WeightMatrix w, float[] x, int n, float[] out) {
        int rows = w.rows();
        int cols = w.cols();
        int slices = (rows + SLICE_ROWS - 1) / SLICE_ROWS;
        pool.parallelFor(slices, (s0, s1) -> {
            for (int s = s0; s < s1; s++) {
                int r0 = s * SLICE_ROWS;
                WeightMatrix slice = w.rowSlice(r0, Math.min(SLICE_ROWS, rows - r0));
                for (int t = 0; t < n; t++) {
                    kernels.matvec(slice, x, t * cols, out, t * rows + r0);
                }
            }
        });
    }

    /** RMS-normalises each of the n rows of x (width dim) into out. */
    public void rmsnormRows(float[] out, float[] x, float[] weight, int n, int dim, float eps) {
        FloatOps ops = ops();
        for (int t = 0; t < n; t++) {
            ops.rmsnorm(out, t * dim, x, t * dim, weight, dim, eps);
        }
    }
}
