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
        kernels.matvecRows(w, x, n, out);
    }

    /** RMS-normalises each of the n rows of x (width dim) into out. */
    public void rmsnormRows(float[] out, float[] x, float[] weight, int n, int dim, float eps) {
        FloatOps ops = ops();
        for (int t = 0; t < n; t++) {
            ops.rmsnorm(out, t * dim, x, t * dim, weight, dim, eps);
        }
    }
}
