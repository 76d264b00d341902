package io.consilium.llm.tensor;

/** Element-wise float kernels on arrays with offsets; a vector and a scalar implementation. */
public interface FloatOps {

    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /** y += alpha * x. */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

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
