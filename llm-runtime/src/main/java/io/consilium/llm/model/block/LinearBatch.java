package io.consilium.llm.model.block;

import io.consilium.llm.tensor.Kernels;
import io.consilium.llm.tensor.WeightMatrix;
import java.util.ArrayList;
import java.util.List;

/**
 * Several independent single-token matrix-vector products run in ONE parallel region ({@link Kernels#matvecs}):
 * the rows of all matrices are split into long ranges that the pool's threads take. Decoding a token is a long
 * chain of small matvecs (q, k, v, a router, a handful of experts); paying one hand-off per group instead of one
 * per matrix keeps the threads streaming weights instead of waiting for each other.
 */
public final class LinearBatch {
    private final List<Kernels.Matvec> jobs = new ArrayList<>();

    /** Queues out[outOff + r] = Σ_c w[r][c] · x[xOff + c]. */
    public LinearBatch add(WeightMatrix w, float[] x, int xOff, float[] out, int outOff) {
        jobs.add(new Kernels.Matvec(w, x, xOff, out, outOff));
        return this;
    }

    public LinearBatch add(WeightMatrix w, float[] x, float[] out) {
        return add(w, x, 0, out, 0);
    }

    public void run(Compute c) {
        if (jobs.isEmpty()) {
            return;
        }
        c.kernels().matvecs(jobs);
        jobs.clear();
    }
}
