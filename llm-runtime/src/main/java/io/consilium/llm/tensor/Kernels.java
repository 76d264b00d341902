package io.consilium.llm.tensor;

/**
 * The compute backend models receive as a parameter (there is no global instance). {@link #create} picks the
 * Vector API kernels unless {@code -Dconsilium.llm.kernels=scalar} is set or the CPU has no 256-bit vectors.
 */
public interface Kernels {

    /** The system property that forces the scalar kernels when set to {@code scalar}. */
    String MODE_PROPERTY = "consilium.llm.kernels";

    static Kernels create(ComputePool pool) {
        return new KernelBackend(pool, KernelBackend.vectorDefault());
    }

    static Kernels scalar(ComputePool pool) {
        return new KernelBackend(pool, false);
    }

    /** The vector kernels regardless of the property (for tests and benchmarks); falls back to scalar only if the CPU cannot. */
    static Kernels vector(ComputePool pool) {
        return new KernelBackend(pool, Simd.USABLE);
    }

    /** out[r] = sum_c w[r][c] * x[c], in parallel over rows. */
    void matvec(WeightMatrix w, float[] x, float[] out);

    /** As {@link #matvec(WeightMatrix, float[], float[])} reading x at {@code xOff} and writing out at {@code outOff}. */
    void matvec(WeightMatrix w, float[] x, int xOff, float[] out, int outOff);

    /** One product of a {@link #matvecs} batch: out[outOff + r] = sum_c w[r][c] * x[xOff + c]. */
    record Matvec(WeightMatrix w, float[] x, int xOff, float[] out, int outOff) {
        public Matvec(WeightMatrix w, float[] x, float[] out) {
            this(w, x, 0, out, 0);
        }
    }

    /**
     * Several matrix-vector products in one parallel dispatch, their rows split across the threads together:
     * cheaper than one {@link #matvec} each when the matrices are small (an MoE token's experts, Q/K/V).
     */
    void matvecs(java.util.List<Matvec> jobs);

    /**
     * x is n×cols row-major, out is n×rows row-major. Each weight block is read (and dequantized) once per
     * call and used for all n rows of x.
     */
    void matmul(WeightMatrix w, float[] x, int n, float[] out);

    /** As {@link #matmul(WeightMatrix, float[], int, float[])} with x starting at {@code xOff} and out at {@code outOff}. */
    void matmul(WeightMatrix w, float[] x, int xOff, int n, float[] out, int outOff);

    /**
     * out (n × rows) = x (n × cols) · wᵀ where every row is computed exactly as {@link #matvec} computes it for that
     * token alone (batch-invariant results), while weight rows are still read from memory once for all n tokens.
     * For the serving engine, whose sequences must not change each other's tokens.
     */
    default void matvecRows(WeightMatrix w, float[] x, int n, float[] out) {
        for (int t = 0; t < n; t++) {
            matvec(w, x, t * w.cols(), out, t * w.rows());
        }
    }

    /** One product of a {@link #matvecsRows} batch: n tokens, x at xOff (n × cols), out at outOff (n × rows). */
    record MatvecRows(WeightMatrix w, float[] x, int xOff, int n, float[] out, int outOff) {
    }

    /**
     * Several {@link #matvecRows} products in one parallel dispatch, their rows split across the threads together
     * (a batched decode step's Q/K/V, or the experts a step's tokens selected); every row of every token computed
     * exactly as {@link #matvec} computes it for that token alone.
     */
    default void matvecsRows(java.util.List<MatvecRows> jobs) {
        for (MatvecRows j : jobs) {
            for (int t = 0; t < j.n(); t++) {
                matvec(j.w(), j.x(), j.xOff() + t * j.w().cols(), j.out(), j.outOff() + t * j.w().rows());
            }
        }
    }

    FloatOps ops();

    ComputePool pool();

    /** Whether this backend runs the Vector API kernels. */
    boolean vectorized();
}
