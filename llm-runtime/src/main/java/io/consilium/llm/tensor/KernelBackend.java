package io.consilium.llm.tensor;

import static io.consilium.llm.tensor.Simd.F;
import static io.consilium.llm.tensor.Simd.L;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link Kernels} over a {@link ComputePool}. matvec runs the per-type fused dot kernel row by row;
 * matmul dequantizes a panel of {@link #PANEL} rows once into a per-thread buffer and multiplies it with all
 * n activation rows in 4×4 register tiles, so weights are read once and the float work is compute-bound.
 */
final class KernelBackend implements Kernels {

    static final int PANEL = 4;
    private static final int TOKENS = 4;

    private static final ThreadLocal<float[]> PANEL_BUF = ThreadLocal.withInitial(() -> new float[0]);
    /** A prefill tile's sixteen accumulators, stored to be summed outside the tile (see {@link LaneSum#sum4Stored}). */
    private static final ThreadLocal<float[]> TILE_SUMS = ThreadLocal.withInitial(() -> new float[0]);
    /** The calling thread's prepared inputs ({@link TypeKernel#prepare}); the workers only read it during the call. */
    private static final ThreadLocal<float[]> PREP_BUF = ThreadLocal.withInitial(() -> new float[0]);

    private final ComputePool pool;
    private final boolean vector;

    KernelBackend(ComputePool pool, boolean vector) {
        this.pool = pool;
        this.vector = vector && Simd.USABLE;
    }

    static boolean vectorDefault() {
        return Simd.USABLE && !"scalar".equalsIgnoreCase(System.getProperty(MODE_PROPERTY, ""));
    }

    @Override
    public FloatOps ops() {
        return vector ? VectorFloatOps.INSTANCE : ScalarFloatOps.INSTANCE;
    }

    @Override
    public ComputePool pool() {
        return pool;
    }

    @Override
    public boolean vectorized() {
        return vector;
    }

    @Override
    public void matvec(WeightMatrix w, float[] x, float[] out) {
        matvec(w, x, 0, out, 0);
    }

    @Override
    public void matvec(WeightMatrix w, float[] x, int xOff, float[] out, int outOff) {
        int rows = w.rows();
        int cols = w.cols();
        if (xOff < 0 || x.length - xOff < cols || outOff < 0 || out.length - outOff < rows) {
            throw new IllegalArgumentException("matvec " + w + ": x has " + (x.length - xOff) + " of " + cols
                    + " values, out room " + (out.length - outOff) + " of " + rows);
        }
        matvecs(java.util.List.of(new Matvec(w, x, xOff, out, outOff)));
    }

    @Override
    public void matvecs(java.util.List<Matvec> jobs) {
        int m = jobs.size();
        TypeKernel[] ks = new TypeKernel[m];
        int[] rowCounts = new int[m];
        long[] costs = new long[m];
        for (int j = 0; j < m; j++) {
            Matvec mv = jobs.get(j);
            WeightMatrix w = mv.w();
            if (mv.xOff() < 0 || mv.x().length - mv.xOff() < w.cols() || mv.outOff() < 0
                    || mv.out().length - mv.outOff() < w.rows()) {
                throw new IllegalArgumentException("matvecs job " + j + " " + w + ": x has " + (mv.x().length - mv.xOff())
                        + " of " + w.cols() + " values, out room " + (mv.out().length - mv.outOff()) + " of " + w.rows());
            }
            ks[j] = TypeKernel.of(w.type());
            rowCounts[j] = w.rows();
            costs[j] = w.rowBytes() * w.rows();
        }
        float[][] xs = new float[m][];
        int[] xo = new int[m];
        prepareInputs(jobs, ks, xs, xo);
        Pieces p = Pieces.split(rowCounts, costs, pool.threads());
        pool.parallelTasks(p.count(), (a, b) -> {
            for (int i = a; i < b; i++) {
                int j = p.job(i);
                Matvec mv = jobs.get(j);
                rows(ks[j], mv.w(), xs[j], xo[j], mv.out(), mv.outOff(), p.from(i), p.to(i));
            }
        });
    }

    @Override
    public void matvecRows(WeightMatrix w, float[] x, int n, float[] out) {
        if (n < 0 || x.length < (long) n * w.cols() || out.length < (long) n * w.rows()) {
            throw new IllegalArgumentException("matvecRows " + w + " with n=" + n);
        }
        matvecsRows(java.util.List.of(new MatvecRows(w, x, 0, n, out, 0)));
    }

    @Override
    public void matvecsRows(java.util.List<MatvecRows> jobs) {
        int m = jobs.size();
        TypeKernel[] ks = new TypeKernel[m];
        int[] rowCounts = new int[m];
        long[] costs = new long[m];
        for (int j = 0; j < m; j++) {
            MatvecRows mv = jobs.get(j);
            WeightMatrix w = mv.w();
            if (mv.n() < 0 || mv.xOff() < 0 || mv.outOff() < 0 || mv.x().length - mv.xOff() < (long) mv.n() * w.cols()
                    || mv.out().length - mv.outOff() < (long) mv.n() * w.rows()) {
                throw new IllegalArgumentException("matvecsRows job " + j + " " + w + " with n=" + mv.n() + ": x has "
                        + (mv.x().length - mv.xOff()) + " values from " + mv.xOff() + ", out room "
                        + (mv.out().length - mv.outOff()));
            }
            ks[j] = TypeKernel.of(w.type());
            rowCounts[j] = w.rows();
            // weights stream once for all n tokens, but each further token adds arithmetic
            costs[j] = w.rowBytes() * w.rows() * (2L + mv.n()) / 3;
        }
        float[][] xs = new float[m][];
        int[] xo = new int[m];
        int[] stride = new int[m];
        prepareRowInputs(jobs, ks, xs, xo, stride);
        Pieces p = Pieces.split(rowCounts, costs, pool.threads());
        pool.parallelTasks(p.count(), (a, b) -> {
            for (int i = a; i < b; i++) {
                int j = p.job(i);
                MatvecRows mv = jobs.get(j);
                rowsBatch(ks[j], mv.w(), xs[j], xo[j], stride[j], mv.n(), mv.out(), mv.outOff(), p.from(i), p.to(i));
            }
        });
    }

    /**
     * Each token of each job's input prepared exactly as its own matvec prepares it (so a row's bits do not depend on
     * the batch), once per distinct input; jobs whose kernel needs no preparation keep their x (stride = cols).
     */
    private void prepareRowInputs(java.util.List<MatvecRows> jobs, TypeKernel[] ks, float[][] xs, int[] xo, int[] stride) {
        int m = jobs.size();
        int[] len = new int[m];
        int total = 0;
        for (int j = 0; j < m; j++) {
            len[j] = vector ? ks[j].preparedLength(jobs.get(j).w().cols()) : 0;
            total = Math.addExact(total, Math.multiplyExact(len[j], jobs.get(j).n()));
        }
        float[] buf = total > 0 ? buffer(PREP_BUF, total) : null;
        int at = 0;
        for (int j = 0; j < m; j++) {
            MatvecRows mv = jobs.get(j);
            int cols = mv.w().cols();
            xs[j] = mv.x();
            xo[j] = mv.xOff();
            stride[j] = cols;
            if (len[j] == 0) {
                continue;
            }
            int same = -1;
            for (int e = 0; e < j && same < 0; e++) {
                MatvecRows pv = jobs.get(e);
                if (len[e] > 0 && ks[e].getClass() == ks[j].getClass() && pv.x() == mv.x() && pv.xOff() == mv.xOff()
                        && pv.n() == mv.n() && pv.w().cols() == cols) {
                    same = e;
                }
            }
            xs[j] = buf;
            stride[j] = len[j];
            if (same >= 0) {
                xo[j] = xo[same];
            } else {
                for (int t = 0; t < mv.n(); t++) {
                    ks[j].prepare(mv.x(), mv.xOff() + t * cols, cols, buf, at + t * len[j]);
                }
                xo[j] = at;
                at += len[j] * mv.n();
            }
        }
    }

    /**
     * Rows [r0, r1) of one multi-token product on the calling thread, each row of each token as {@link #rows}
     * computes it; token t's input at x[xOff + t·stride] (prepared when the kernel prepares, else raw).
     */
    private void rowsBatch(TypeKernel k, WeightMatrix w, float[] x, int xOff, int stride, int n, float[] out,
                           int outOff, int r0, int r1) {
        int rows = w.rows();
        int cols = w.cols();
        if (!vector || n == 1) {
            for (int t = 0; t < n; t++) {
                rows(k, w, x, xOff + t * stride, out, outOff + t * rows, r0, r1);
            }
            return;
        }
        MemorySegment seg = w.data();
        long rb = w.rowBytes();
        // many tokens (a prompt chunk): unpack each row pair once and reuse it for every group of four tokens
        boolean unpack = n >= 8 && k.unpackable() && stride == cols && k.preparedLength(cols) == 0;
        float[] buf = unpack ? panelBuffer(2 * cols) : null;
        float[] scales = unpack ? new float[2 * cols] : null;
        // rows paired as in rows(): first half with second half, two sequential streams
        int half = (r1 - r0) / 2;
        long gap = rb * half;
        for (int i = 0; i < half; i++) {
            int r = r0 + i;
            int t = 0;
            if (unpack) {
                k.unpack2(seg, rb * r, gap, cols, buf, scales);
                for (; t + 4 <= n; t += 4) {
                    k.dot2x4Unpacked(buf, scales, cols, x, xOff + t * stride, stride, out, outOff + t * rows + r, rows,
                            half);
                }
            }
            for (; t + 4 <= n; t += 4) {
                k.dot2x4(seg, rb * r, gap, x, xOff + t * stride, stride, cols, out, outOff + t * rows + r, rows, half);
            }
            for (; t < n; t++) {
                int o = outOff + t * rows + r;
                k.dot2(seg, rb * r, gap, x, xOff + t * stride, cols, out, o, o + half);
            }
        }
        if (((r1 - r0) & 1) != 0) {
            int r = r1 - 1;
            for (int t = 0; t < n; t++) {
                int o = outOff + t * rows + r;
                k.dot2(seg, rb * r, 0, x, xOff + t * stride, cols, out, o, o);
            }
        }
    }

    /** Rows [r0, r1) of one matvec on the calling thread. */
    private void rows(TypeKernel k, WeightMatrix w, float[] x, int xOff, float[] out, int outOff, int r0, int r1) {
        MemorySegment seg = w.data();
        long rb = w.rowBytes();
        int cols = w.cols();
        int r = r0;
        if (vector) {
            k.pairedRows(seg, rb, x, xOff, cols, out, outOff, r0, r1);
        } else {
            for (; r < r1; r++) {
                out[outOff + r] = k.dotScalar(seg, rb * r, x, xOff, cols);
            }
        }
    }

    @Override
    public void matmul(WeightMatrix w, float[] x, int n, float[] out) {
        matmul(w, x, 0, n, out, 0);
    }

    @Override
    public void matmul(WeightMatrix w, float[] x, int xOff, int n, float[] out, int outOff) {
        int rows = w.rows();
        int cols = w.cols();
        if (n < 0 || xOff < 0 || outOff < 0 || x.length - xOff < (long) n * cols || out.length - outOff < (long) n * rows) {
            throw new IllegalArgumentException("matmul " + w + " with n=" + n + ": x has " + (x.length - xOff) + " values from "
                    + xOff + ", out room " + (out.length - outOff));
        }
        if (n == 1) {
            matvec(w, x, xOff, out, outOff);
            return;
        }
        TypeKernel k = TypeKernel.of(w.type());
        MemorySegment seg = w.data();
        long rb = w.rowBytes();
        int panels = (rows + PANEL - 1) / PANEL;
        pool.parallelFor(panels, (p0, p1) -> {
            float[] buf = panelBuffer(PANEL * cols);
            float[] acc = buffer(TILE_SUMS, 16 * L);
            for (int p = p0; p < p1; p++) {
                int r0 = p * PANEL;
                int nr = Math.min(PANEL, rows - r0);
                for (int i = 0; i < nr; i++) {
                    if (vector) {
                        k.dequantize(seg, rb * (r0 + i), buf, i * cols, cols);
                    } else {
                        k.dequantizeScalar(seg, rb * (r0 + i), buf, i * cols, cols);
                    }
                }
                int t = 0;
                if (vector && nr == PANEL && cols % L == 0) {
                    for (; t + TOKENS <= n; t += TOKENS) {
                        tile4x4(buf, cols, x, xOff + t * cols, out, outOff + t * rows + r0, rows, acc);
                    }
                }
                if (vector && nr == PANEL && cols % L == 0 && t < n) {
                    // the last n % 4 tokens (an MoE expert's share is rarely a multiple of 4) in one pass over the panel
                    int o = outOff + t * rows + r0;
                    switch (n - t) {
                        case 3 -> tile4x3(buf, cols, x, xOff + t * cols, out, o, rows, acc);
                        case 2 -> tile4x2(buf, cols, x, xOff + t * cols, out, o, rows, acc);
                        default -> tile4x1(buf, cols, x, xOff + t * cols, out, o, acc);
                    }
                    t = n;
                }
                for (; t < n; t++) {
                    for (int i = 0; i < nr; i++) {
                        out[outOff + t * rows + r0 + i] = vector
                                ? Simd.dot(buf, i * cols, x, xOff + t * cols, cols)
                                : Simd.dotScalar(buf, i * cols, x, xOff + t * cols, cols);
                    }
                }
            }
        });
    }

    /**
     * Points xs[j]/xo[j] at each job's input: x itself, or its prepared layout in the calling thread's buffer. Jobs
     * reading the same x range with kernels of the same layout (an expert's gate and up) share one preparation.
     */
    private void prepareInputs(java.util.List<Matvec> jobs, TypeKernel[] ks, float[][] xs, int[] xo) {
        int m = jobs.size();
        int[] len = new int[m];
        int total = 0;
        for (int j = 0; j < m; j++) {
            len[j] = vector ? ks[j].preparedLength(jobs.get(j).w().cols()) : 0;
            total = Math.addExact(total, len[j]);
        }
        float[] buf = total > 0 ? buffer(PREP_BUF, total) : null;
        int at = 0;
        for (int j = 0; j < m; j++) {
            Matvec mv = jobs.get(j);
            xs[j] = mv.x();
            xo[j] = mv.xOff();
            if (len[j] == 0) {
                continue;
            }
            int same = -1;
            for (int e = 0; e < j && same < 0; e++) {
                Matvec pv = jobs.get(e);
                if (len[e] > 0 && ks[e].getClass() == ks[j].getClass() && pv.x() == mv.x() && pv.xOff() == mv.xOff()
                        && pv.w().cols() == mv.w().cols()) {
                    same = e;
                }
            }
            xs[j] = buf;
            if (same >= 0) {
                xo[j] = xo[same];
            } else {
                ks[j].prepare(mv.x(), mv.xOff(), mv.w().cols(), buf, at);
                xo[j] = at;
                at += len[j];
            }
        }
    }

    private static float[] buffer(ThreadLocal<float[]> local, int size) {
        float[] b = local.get();
        if (b.length < size) {
            b = new float[size];
            local.set(b);
        }
        return b;
    }

    private static float[] panelBuffer(int size) {
        float[] b = PANEL_BUF.get();
        if (b.length < size) {
            b = new float[size];
            PANEL_BUF.set(b);
        }
        return b;
    }

    /** 4 weight rows × 1 activation row: reads the activation once for the panel instead of once per row. */
    private static void tile4x1(float[] wbuf, int cols, float[] x, int x0, float[] out, int o, float[] acc) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (int c = 0; c < cols; c += L) {
            FloatVector v = FloatVector.fromArray(F, x, x0 + c);
            a0 = FloatVector.fromArray(F, wbuf, c).fma(v, a0);
            a1 = FloatVector.fromArray(F, wbuf, cols + c).fma(v, a1);
            a2 = FloatVector.fromArray(F, wbuf, 2 * cols + c).fma(v, a2);
            a3 = FloatVector.fromArray(F, wbuf, 3 * cols + c).fma(v, a3);
        }
        a0.intoArray(acc, 0);
        a1.intoArray(acc, L);
        a2.intoArray(acc, 2 * L);
        a3.intoArray(acc, 3 * L);
        tileSums(acc, 0, out, o);
    }

    /**
     * 4 weight rows × 2 activation rows, each element's accumulator formed as in {@link #tile4x4} (the same bits): the
     * panel is read once for both tokens, where two {@link #tile4x1} passes read it twice and load 5 vectors per 4 FMAs.
     */
    private static void tile4x2(float[] wbuf, int cols, float[] x, int x0, float[] out, int o, int rows, float[] acc) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        int x1 = x0 + cols;
        for (int c = 0; c < cols; c += L) {
            FloatVector w0 = FloatVector.fromArray(F, wbuf, c);
            FloatVector w1 = FloatVector.fromArray(F, wbuf, cols + c);
            FloatVector w2 = FloatVector.fromArray(F, wbuf, 2 * cols + c);
            FloatVector w3 = FloatVector.fromArray(F, wbuf, 3 * cols + c);
            FloatVector v = FloatVector.fromArray(F, x, x0 + c);
            a0 = v.fma(w0, a0);
            a1 = v.fma(w1, a1);
            a2 = v.fma(w2, a2);
            a3 = v.fma(w3, a3);
            v = FloatVector.fromArray(F, x, x1 + c);
            b0 = v.fma(w0, b0);
            b1 = v.fma(w1, b1);
            b2 = v.fma(w2, b2);
            b3 = v.fma(w3, b3);
        }
        a0.intoArray(acc, 0);
        a1.intoArray(acc, L);
        a2.intoArray(acc, 2 * L);
        a3.intoArray(acc, 3 * L);
        b0.intoArray(acc, 4 * L);
        b1.intoArray(acc, 5 * L);
        b2.intoArray(acc, 6 * L);
        b3.intoArray(acc, 7 * L);
        tileSums(acc, 0, out, o);
        tileSums(acc, 4 * L, out, o + rows);
    }

    /** 4 weight rows × 3 activation rows, as {@link #tile4x2}. */
    private static void tile4x3(float[] wbuf, int cols, float[] x, int x0, float[] out, int o, int rows, float[] acc) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        FloatVector d0 = a0, d1 = a0, d2 = a0, d3 = a0;
        int x1 = x0 + cols;
        int x2 = x1 + cols;
        for (int c = 0; c < cols; c += L) {
            FloatVector w0 = FloatVector.fromArray(F, wbuf, c);
            FloatVector w1 = FloatVector.fromArray(F, wbuf, cols + c);
            FloatVector w2 = FloatVector.fromArray(F, wbuf, 2 * cols + c);
            FloatVector w3 = FloatVector.fromArray(F, wbuf, 3 * cols + c);
            FloatVector v = FloatVector.fromArray(F, x, x0 + c);
            a0 = v.fma(w0, a0);
            a1 = v.fma(w1, a1);
            a2 = v.fma(w2, a2);
            a3 = v.fma(w3, a3);
            v = FloatVector.fromArray(F, x, x1 + c);
            b0 = v.fma(w0, b0);
            b1 = v.fma(w1, b1);
            b2 = v.fma(w2, b2);
            b3 = v.fma(w3, b3);
            v = FloatVector.fromArray(F, x, x2 + c);
            d0 = v.fma(w0, d0);
            d1 = v.fma(w1, d1);
            d2 = v.fma(w2, d2);
            d3 = v.fma(w3, d3);
        }
        a0.intoArray(acc, 0);
        a1.intoArray(acc, L);
        a2.intoArray(acc, 2 * L);
        a3.intoArray(acc, 3 * L);
        b0.intoArray(acc, 4 * L);
        b1.intoArray(acc, 5 * L);
        b2.intoArray(acc, 6 * L);
        b3.intoArray(acc, 7 * L);
        d0.intoArray(acc, 8 * L);
        d1.intoArray(acc, 9 * L);
        d2.intoArray(acc, 10 * L);
        d3.intoArray(acc, 11 * L);
        tileSums(acc, 0, out, o);
        tileSums(acc, 4 * L, out, o + rows);
        tileSums(acc, 8 * L, out, o + 2 * rows);
    }

    /**
     * {@link LaneSum#sum} of four stored accumulators into out[o..o+3], bit for bit, as one shuffle tree for the four
     * ({@link LaneSum#sum4}): a tile's sums are a visible share of its time, and the tree does a quarter of the
     * operations of four separate sums ({@link LaneSum#sum4Stored}'s four 256-bit-half sums made the prompt path's
     * 4x4 tiles 7-13% slower: one core, Q4_K 1024x1024 x128 tokens 3.06-3.08 ms -> 2.71-2.86 ms).
     */
    static void tileSums(float[] acc, int from, float[] out, int o) {
        LaneSum.sum4(FloatVector.fromArray(F, acc, from), FloatVector.fromArray(F, acc, from + L),
                FloatVector.fromArray(F, acc, from + 2 * L), FloatVector.fromArray(F, acc, from + 3 * L), out, o, o + 1,
                o + 2, o + 3);
    }

    /**
     * 4 weight rows × 4 activation rows: {@link FloatGemm}'s 4x4 tile with the activations as its rows, so token t's
     * four accumulators (weight rows in order) sit at acc[4t·L..] (x·w and w·x round alike: the same bits).
     */
    private static void tile4x4(float[] wbuf, int cols, float[] x, int x0, float[] out, int o, int rows, float[] acc) {
        FloatGemm.tile4x4(x, x0, cols, wbuf, 0, cols, cols, acc);
        for (int t = 0; t < 4; t++) {
            tileSums(acc, 4 * t * L, out, o + t * rows);
        }
    }
}
