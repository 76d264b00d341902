package io.consilium.llm.tensor;

/**
 * Row ranges of a batch of matrix products cut into pieces of about equal weight bytes, for the pool's threads to
 * take one at a time. Cutting by rows instead would give a thread holding a wide matrix's rows (a shared expert's
 * down projection, 2,816 columns) several times the work of one holding a narrow expert's rows, and the other
 * thread would wait at the end of the region.
 */
record Pieces(int[] jobs, int[] starts, int[] ends) {

    /** Rows per piece are a multiple of this, so row pairs ({@link TypeKernel#dot2}) stay long. */
    static final int GRAIN = 16;
    /** Pieces per thread: enough that a thread slowed by another process does not hold the others long. */
    static final int PER_THREAD = 8;
    /** Below this a piece costs more to hand over than to stream; a small product runs on the caller alone. */
    static final long MIN_BYTES = 128 * 1024;

    int count() {
        return jobs.length;
    }

    int job(int i) {
        return jobs[i];
    }

    int from(int i) {
        return starts[i];
    }

    int to(int i) {
        return ends[i];
    }

    /** Pieces of the products whose row counts and costs (weight bytes, or bytes scaled by the work per byte) are given. */
    static Pieces split(int[] rowCounts, long[] costs, int threads) {
        long total = 0;
        for (long c : costs) {
            total += c;
        }
        long target = Math.max(MIN_BYTES, total / ((long) threads * PER_THREAD));
        int m = rowCounts.length;
        int[] per = new int[m];
        int count = 0;
        for (int j = 0; j < m; j++) {
            int maxPieces = Math.max(1, rowCounts[j] / GRAIN);
            per[j] = (int) Math.max(1, Math.min(maxPieces, (costs[j] + target / 2) / target));
            count += per[j];
        }
        int[] jobs = new int[count];
        int[] starts = new int[count];
        int[] ends = new int[count];
        int i = 0;
        for (int j = 0; j < m; j++) {
            int rows = rowCounts[j];
            int units = (rows + GRAIN - 1) / GRAIN;
            for (int p = 0; p < per[j]; p++, i++) {
                jobs[i] = j;
                starts[i] = Math.min(rows, (int) ((long) units * p / per[j]) * GRAIN);
                ends[i] = Math.min(rows, (int) ((long) units * (p + 1) / per[j]) * GRAIN);
            }
        }
        return new Pieces(jobs, starts, ends);
    }
}
