package io.consilium.llm.tensor;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.util.Random;

/** Seeded test data shared by the kernel tests. */
final class TensorTestData {

    static final GgmlType[] TYPES = {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0,
        GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K};

    private TensorTestData() {
    }

    static float[] gaussian(long seed, int n, float scale) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian() * scale;
        }
        return v;
    }

    static WeightMatrix matrix(GgmlType type, long seed, int rows, int cols) {
        float[] w = gaussian(seed, rows * cols, 0.05f);
        return WeightMatrix.of(type, MemorySegment.ofArray(Quantizer.quantize(type, w)), rows, cols);
    }

    /** A plain double-precision matvec over the dequantized weights: the obviously-right reference. */
    static double[] referenceMatvec(WeightMatrix w, float[] x, int xOff) {
        float[] row = new float[w.cols()];
        double[] out = new double[w.rows()];
        for (int r = 0; r < w.rows(); r++) {
            Dequantizer.dequantize(w.type(), w.data(), w.rowBytes() * r, row, 0, w.cols());
            double s = 0;
            for (int c = 0; c < w.cols(); c++) {
                s += (double) row[c] * x[xOff + c];
            }
            out[r] = s;
        }
        return out;
    }

    /** Sum of |w||x| per row: the scale that float rounding error is relative to. */
    static double[] magnitude(WeightMatrix w, float[] x, int xOff) {
        float[] row = new float[w.cols()];
        double[] out = new double[w.rows()];
        for (int r = 0; r < w.rows(); r++) {
            Dequantizer.dequantize(w.type(), w.data(), w.rowBytes() * r, row, 0, w.cols());
            double s = 0;
            for (int c = 0; c < w.cols(); c++) {
                s += Math.abs((double) row[c] * x[xOff + c]);
            }
            out[r] = s;
        }
        return out;
    }
}
