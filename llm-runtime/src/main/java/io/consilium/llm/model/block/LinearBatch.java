package io.consilium.llm.model.block;

import io.consilium.llm.tensor.Kernels;
import io.consilium.llm.tensor.WeightMatrix;
import java.util.ArrayList;
import java.util.List;

/**
 * Several independent single-token matrix-vector products run in ONE parallel region: every matrix is cut into
 * row slices and the pool's threads take slices from all of them. Decoding a token is a long chain of small
 * matvecs (q, k, v, a router, a handful of experts); paying one hand-off per group instead of one per matrix keeps
 * the threads streaming weights instead of waiting for each other. Inside the region each slice's matvec runs
 * inline on the thread that took it (the pool runs nested calls inline).
 */
public final class LinearBatch {
    /** Rows per slice: large enough to amortise a call, small enough to balance 2–8 threads. */
    private static final int SLICE_ROWS = 32;

    private record Job(WeightMatrix w, float[] x, int xOff, float[] out, int outOff) {
    }

    private final List<Job> jobs = new ArrayList<>();

    /** Queues out[outOff + r] = Σ_c w[r][c] · x[xOff + c]. */
    public LinearBatch add(WeightMatrix w, float[] x, int xOff, float[] out, int outOff) {
        jobs.add(new Job(w, x, xOff, out, outOff));
        return this;
    }

    public LinearBatch add(WeightMatrix w, float[] x, float[] out) {
        return add(w, x, 0, out, 0);
    }

    public void run(Compute c) {
        if (jobs.isEmpty()) {
            return;
        }
        int total = 0;
        for (Job j : jobs) {
            total += (j.w.rows() + SLICE_ROWS - 1) / SLICE_ROWS;
        }
        int[] jobOf = new int[total];
        int[] first = new int[total];
        int s = 0;
        for (int i = 0; i < jobs.size(); i++) {
            int rows = jobs.get(i).w.rows();
            for (int r = 0; r < rows; r += SLICE_ROWS) {
                jobOf[s] = i;
                first[s] = r;
                s++;
            }
        }
        Kernels k = c.kernels();
        c.pool().parallelFor(total, (a, b) -> {
            for (int i = a; i < b; i++) {
                Job j = jobs.get(jobOf[i]);
                int r0 = first[i];
                int nr = Math.min(SLICE_ROWS, j.w.rows() - r0);
                k.matvec(j.w.rowSlice(r0, nr), j.x, j.xOff, j.out, j.outOff + r0);
            }
        });
        jobs.clear();
    }
}
