package io.consilium.llm.tensor;

/** Element-wise float kernels on arrays with offsets; a vector and a scalar implementation. */
public interface FloatOps {

    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /** y += alpha * x. */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

    /**
     * out[outOff + j] = dot(q, qOff, k, kOff + j·kStride, n) · scale for j &lt; count, each exactly as {@link #dot}
     * forms it (attention scores of one query against a run of cached keys).
     */
    default void dotsScaled(float[] q, int qOff, float[] k, int kOff, int kStride, int count, int n, float scale,
                            float[] out, int outOff) {
        for (int j = 0; j < count; j++) {
            out[outOff + j] = dot(q, qOff, k, kOff + j * kStride, n) * scale;
        }
    }

    /**
     * y += alpha[aOff + j] · x[xOff + j·xStride ..] for j = 0, 1, …, count − 1 in that order, exactly as count
     * {@link #axpy} calls give it (attention's weighted sum of cached values); y must not overlap x.
     */
    default void axpys(float[] alpha, int aOff, int count, float[] x, int xOff, int xStride, float[] y, int yOff, int n) {
        for (int j = 0; j < count; j++) {
            axpy(alpha[aOff + j], x, xOff + j * xStride, y, yOff, n);
        }
    }

    /** out = x / rms(x) * weight (weight may be null: no scaling); out may alias x. */
    void rmsnorm(float[] out, int outOff, float[] x, int xOff, float[] weight, int n, float eps);

    /** In place, numerically stable (subtracts the max). */
    void softmax(float[] x, int off, int n);

    /** gate = silu(gate) * up. */
    void siluMul(float[] gate, int gOff, float[] up, int uOff, int n);

    /** y += x. */
    void add(float[] y, int yOff, float[] x, int xOff, int n);

    /** x *= s. */
    void scale(float[] x, int off, int n, float s);

    /**
     * out[outOff + r] = Σ_c m[mOff + c·rows + r] · x[xOff + c] for a column-major rows × cols matrix: for tall, narrow
     * matrices (MLA's per-head W_UK, 256 × 64) this is a run of broadcast FMAs with no horizontal sum per row.
     */
    void gemvColumnMajor(float[] m, int mOff, int rows, int cols, float[] x, int xOff, float[] out, int outOff);
}
