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
    /** Rows per parallel work unit of a matvec: enough to amortise the chunk hand-off. */
    private static final int MATVEC_GRAIN = 16;

    private static final ThreadLocal<float[]> PANEL_BUF = ThreadLocal.withInitial(() -> new float[0]);
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
        TypeKernel k = TypeKernel.of(w.type());
        int plen = vector ? k.preparedLength(cols) : 0;
        if (plen > 0) {
            float[] xp = buffer(PREP_BUF, plen);
            k.prepare(x, xOff, cols, xp, 0);
            pool.parallelFor(rows, MATVEC_GRAIN, (r0, r1) -> rows(k, w, xp, 0, out, outOff, r0, r1));
            return;
        }
        pool.parallelFor(rows, MATVEC_GRAIN, (r0, r1) -> rows(k, w, x, xOff, out, outOff, r0, r1));
    }

    @Override
    public void matvecs(java.util.List<Matvec> jobs) {
        int m = jobs.size();
        int[] start = new int[m + 1];
        TypeKernel[] ks = new TypeKernel[m];
        for (int j = 0; j < m; j++) {
            Matvec mv = jobs.get(j);
            WeightMatrix w = mv.w();
            if (mv.xOff() < 0 || mv.x().length - mv.xOff() < w.cols() || mv.outOff() < 0
                    || mv.out().length - mv.outOff() < w.rows()) {
                throw new IllegalArgumentException("matvecs job " + j + " " + w + ": x has " + (mv.x().length - mv.xOff())
                        + " of " + w.cols() + " values, out room " + (mv.out().length - mv.outOff()) + " of " + w.rows());
            }
            ks[j] = TypeKernel.of(w.type());
            start[j + 1] = Math.addExact(start[j], w.rows());
        }
        float[][] xs = new float[m][];
        int[] xo = new int[m];
        prepareInputs(jobs, ks, xs, xo);
        pool.parallelFor(start[m], MATVEC_GRAIN, (g0, g1) -> {
            int j = 0;
            while (start[j + 1] <= g0) {
                j++;
            }
            for (int g = g0; g < g1; ) {
                while (start[j + 1] <= g) {
                    j++;
                }
                Matvec mv = jobs.get(j);
                int end = Math.min(g1, start[j + 1]);
                rows(ks[j], mv.w(), xs[j], xo[j], mv.out(), mv.outOff(), g - start[j], end - start[j]);
                g = end;
            }
        });
    }

    @Override
    public void matvecRows(WeightMatrix w, float[] x, int n, float[] out) {
        int rows = w.rows();
        int cols = w.cols();
        if (n < 0 || x.length < (long) n * cols || out.length < (long) n * rows) {
            throw new IllegalArgumentException("matvecRows " + w + " with n=" + n);
        }
        if (n == 1 || !vector) {
            Kernels.super.matvecRows(w, x, n, out);
            return;
        }
        TypeKernel k = TypeKernel.of(w.type());
        MemorySegment seg = w.data();
        long rb = w.rowBytes();
        int plen = k.preparedLength(cols);
        // many tokens (a prompt chunk): unpack each row pair once and reuse it for every group of four tokens
        boolean unpack = n >= 8 && k.unpackable() && plen == 0;
        float[] xs = x;
        int stride = cols;
        if (plen > 0) {
            // each token prepared exactly as its own matvec prepares it, so a row's bits do not depend on the batch
            xs = buffer(PREP_BUF, Math.multiplyExact(n, plen));
            for (int t = 0; t < n; t++) {
                k.prepare(x, t * cols, cols, xs, t * plen);
            }
            stride = plen;
        }
        float[] xin = xs;
        int xstride = stride;
        pool.parallelFor(rows, MATVEC_GRAIN, (r0, r1) -> {
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
                        k.dot2x4Unpacked(buf, scales, cols, x, t * cols, cols, out, t * rows + r, rows, half);
                    }
                }
                for (; t + 4 <= n; t += 4) {
                    k.dot2x4(seg, rb * r, gap, xin, t * xstride, xstride, cols, out, t * rows + r, rows, half);
                }
                for (; t < n; t++) {
                    k.dot2(seg, rb * r, gap, xin, t * xstride, cols, out, t * rows + r, t * rows + r + half);
                }
            }
            if (((r1 - r0) & 1) != 0) {
                int r = r1 - 1;
                for (int t = 0; t < n; t++) {
                    k.dot2(seg, rb * r, 0, xin, t * xstride, cols, out, t * rows + r, t * rows + r);
                }
            }
        });
    }

    /** Rows [r0, r1) of one matvec on the calling thread. */
    private void rows(TypeKernel k, WeightMatrix w, float[] x, int xOff, float[] out, int outOff, int r0, int r1) {
        MemorySegment seg = w.data();
        long rb = w.rowBytes();
        int cols = w.cols();
        int r = r0;
        if (vector) {
            // Pair row i of the range's first half with row i of its second half: two long sequential streams keep
            // the hardware prefetchers ahead (adjacent rows interleave within a page and stream ~3x slower from DRAM).
            int half = (r1 - r0) / 2;
            long gap = rb * half;
            for (int i = 0; i < half; i++) {
                int a = r0 + i;
                k.dot2(seg, rb * a, gap, x, xOff, cols, out, outOff + a, outOff + a + half);
            }
            if (((r1 - r0) & 1) != 0) {
                // an odd range's last row pairs with itself: dot2's arithmetic, so a row's bits never depend on chunking
                k.dot2(seg, rb * (r1 - 1), 0, x, xOff, cols, out, outOff + r1 - 1, outOff + r1 - 1);
            }
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
                        tile4x4(buf, cols, x, xOff + t * cols, out, outOff + t * rows + r0, rows);
                    }
                }
                if (vector && nr == PANEL && cols % L == 0) {
                    // the last n % 4 tokens (an MoE expert's share is rarely a multiple of 4): one pass over the panel
                    for (; t < n; t++) {
                        tile4x1(buf, cols, x, xOff + t * cols, out, outOff + t * rows + r0);
                    }
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
    private static void tile4x1(float[] wbuf, int cols, float[] x, int x0, float[] out, int o) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (int c = 0; c < cols; c += L) {
            FloatVector v = FloatVector.fromArray(F, x, x0 + c);
            a0 = FloatVector.fromArray(F, wbuf, c).fma(v, a0);
            a1 = FloatVector.fromArray(F, wbuf, cols + c).fma(v, a1);
            a2 = FloatVector.fromArray(F, wbuf, 2 * cols + c).fma(v, a2);
            a3 = FloatVector.fromArray(F, wbuf, 3 * cols + c).fma(v, a3);
        }
        out[o] = a0.reduceLanes(VectorOperators.ADD);
        out[o + 1] = a1.reduceLanes(VectorOperators.ADD);
        out[o + 2] = a2.reduceLanes(VectorOperators.ADD);
        out[o + 3] = a3.reduceLanes(VectorOperators.ADD);
    }

    /** 4 weight rows × 4 activation rows, 16 vector accumulators. */
    private static void tile4x4(float[] wbuf, int cols, float[] x, int x0, float[] out, int o, int rows) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        int x1 = x0 + cols;
        int x2 = x1 + cols;
        int x3 = x2 + cols;
        for (int c = 0; c < cols; c += L) {
            FloatVector w0 = FloatVector.fromArray(F, wbuf, c);
            FloatVector w1 = FloatVector.fromArray(F, wbuf, cols + c);
            FloatVector w2 = FloatVector.fromArray(F, wbuf, 2 * cols + c);
            FloatVector w3 = FloatVector.fromArray(F, wbuf, 3 * cols + c);
            FloatVector v = FloatVector.fromArray(F, x, x0 + c);
            a00 = w0.fma(v, a00);
            a10 = w1.fma(v, a10);
            a20 = w2.fma(v, a20);
            a30 = w3.fma(v, a30);
            v = FloatVector.fromArray(F, x, x1 + c);
            a01 = w0.fma(v, a01);
            a11 = w1.fma(v, a11);
            a21 = w2.fma(v, a21);
            a31 = w3.fma(v, a31);
            v = FloatVector.fromArray(F, x, x2 + c);
            a02 = w0.fma(v, a02);
            a12 = w1.fma(v, a12);
            a22 = w2.fma(v, a22);
            a32 = w3.fma(v, a32);
            v = FloatVector.fromArray(F, x, x3 + c);
            a03 = w0.fma(v, a03);
            a13 = w1.fma(v, a13);
            a23 = w2.fma(v, a23);
            a33 = w3.fma(v, a33);
        }
        out[o] = a00.reduceLanes(VectorOperators.ADD);
        out[o + 1] = a10.reduceLanes(VectorOperators.ADD);
        out[o + 2] = a20.reduceLanes(VectorOperators.ADD);
        out[o + 3] = a30.reduceLanes(VectorOperators.ADD);
        o += rows;
        out[o] = a01.reduceLanes(VectorOperators.ADD);
        out[o + 1] = a11.reduceLanes(VectorOperators.ADD);
        out[o + 2] = a21.reduceLanes(VectorOperators.ADD);
        out[o + 3] = a31.reduceLanes(VectorOperators.ADD);
        o += rows;
        out[o] = a02.reduceLanes(VectorOperators.ADD);
        out[o + 1] = a12.reduceLanes(VectorOperators.ADD);
        out[o + 2] = a22.reduceLanes(VectorOperators.ADD);
        out[o + 3] = a32.reduceLanes(VectorOperators.ADD);
        o += rows;
        out[o] = a03.reduceLanes(VectorOperators.ADD);
        out[o + 1] = a13.reduceLanes(VectorOperators.ADD);
        out[o + 2] = a23.reduceLanes(VectorOperators.ADD);
        out[o + 3] = a33.reduceLanes(VectorOperators.ADD);
    }
}
