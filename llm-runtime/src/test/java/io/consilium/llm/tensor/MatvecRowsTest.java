package io.consilium.llm.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** matvecRows gives every token exactly what matvec gives it alone, for any token count. */
class MatvecRowsTest {
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "F32", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void everyRowEqualsTheSingleTokenProduct(GgmlType type) {
        int rows = 70;
        int cols = 512;
        SplittableRandom r = new SplittableRandom(9);
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        WeightMatrix m = WeightMatrix.of(type, MemorySegment.ofArray(Quantizer.quantize(type, w)), rows, cols);
        try (ComputePool pool = new ComputePool(2)) {
            Kernels k = Kernels.create(pool);
            for (int n : new int[] {1, 2, 3, 4, 5, 8, 11}) {
                float[] x = new float[n * cols];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) r.nextGaussian();
                }
                float[] batched = new float[n * rows];
                float[] single = new float[n * rows];
                for (int rep = 0; rep < 3; rep++) { // again once the JIT has compiled both paths
                    k.matvecRows(m, x, n, batched);
                    for (int t = 0; t < n; t++) {
                        k.matvec(m, x, t * cols, single, t * rows);
                    }
                }
                // bit for bit (the serving engine's sequences must not change each other's tokens)
                assertArrayEquals(single, batched, 0f, type + " n=" + n);
            }
        }
    }

    /**
     * matvecsRows (several products, rows cut into byte-balanced pieces across the threads) gives each token the
     * bits the single-token path gives it, whatever the mix of matrices, token counts and offsets. Run once compiled
     * code is in place for both paths, since the Vector API's interpreted fallback rounds reductions differently.
     */
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "F32", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void batchedProductsEqualSingleTokenProductsBitForBit(GgmlType type) {
        SplittableRandom r = new SplittableRandom(21);
        try (ComputePool pool = new ComputePool(2)) {
            Kernels k = Kernels.create(pool);
            warmUp(k, type, r);
            for (int trial = 0; trial < 40; trial++) {
                int m = 1 + r.nextInt(5);
                java.util.List<Kernels.MatvecRows> jobs = new java.util.ArrayList<>();
                for (int j = 0; j < m; j++) {
                    int rows = 1 + r.nextInt(300);
                    int cols = 256 * (1 + r.nextInt(3));
                    float[] w = new float[rows * cols];
                    for (int i = 0; i < w.length; i++) {
                        w[i] = (float) r.nextGaussian();
                    }
                    WeightMatrix mat = WeightMatrix.of(type, MemorySegment.ofArray(Quantizer.quantize(type, w)), rows, cols);
                    int n = 1 + r.nextInt(9);
                    int xOff = r.nextInt(5);
                    int outOff = r.nextInt(5);
                    float[] x = new float[xOff + n * cols];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) r.nextGaussian();
                    }
                    jobs.add(new Kernels.MatvecRows(mat, x, xOff, n, new float[outOff + n * rows], outOff));
                }
                k.matvecsRows(jobs);
                for (Kernels.MatvecRows j : jobs) {
                    float[] single = new float[j.out().length];
                    for (int t = 0; t < j.n(); t++) {
                        k.matvec(j.w(), j.x(), j.xOff() + t * j.w().cols(), single, j.outOff() + t * j.w().rows());
                    }
                    assertArrayEquals(single, j.out(), type + " " + j.w() + " n=" + j.n());
                }
            }
        }
    }

    /** Runs every kernel path (1, 4 and 8+ tokens) until the JIT has compiled it, as it is in a serving process. */
    private static void warmUp(Kernels k, GgmlType type, SplittableRandom r) {
        int rows = 64;
        int cols = 256;
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        WeightMatrix mat = WeightMatrix.of(type, MemorySegment.ofArray(Quantizer.quantize(type, w)), rows, cols);
        float[] x = new float[9 * cols];
        float[] out = new float[9 * rows];
        for (int i = 0; i < 3000; i++) {
            k.matvecRows(mat, x, 4, out);
            k.matvecRows(mat, x, 9, out);
            k.matvec(mat, x, out);
        }
    }
}
