package io.consilium.llm.model.block;

import io.consilium.llm.tensor.Kernels;
import io.consilium.llm.tensor.WeightMatrix;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link LinearBatch} for several tokens: products over a few rows of activations each, run in ONE parallel region
 * with the rows of all matrices split across the threads ({@link Kernels#matvecsRows}). A batched decode step has
 * one or two tokens per routed expert; running each expert whole on one thread left the threads unevenly loaded,
 * and one region per matrix paid a hand-off each. Batch-invariant: every token is computed as it would be alone.
 */
final class RowsBatch {
    private final List<Kernels.MatvecRows> jobs = new ArrayList<>();

    /** Queues out[outOff + t·rows + r] = Σ_c w[r][c] · x[xOff + t·cols + c] for t < n. */
    RowsBatch add(WeightMatrix w, float[] x, int xOff, int n, float[] out, int outOff) {
        jobs.add(new Kernels.MatvecRows(w, x, xOff, n, out, outOff));
        return this;
    }

    void run(Compute c) {
        if (jobs.isEmpty()) {
            return;
        }
        c.kernels().matvecsRows(jobs);
        jobs.clear();
    }
}
