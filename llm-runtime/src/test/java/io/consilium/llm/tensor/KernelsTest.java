package io.consilium.llm.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KernelsTest {

    private static ComputePool pool1;
    private static ComputePool pool2;
    private static ComputePool pool3;

    @BeforeAll
    static void pools() {
        pool1 = new ComputePool(1);
        pool2 = new ComputePool(2);
        pool3 = new ComputePool(3);
    }

    @AfterAll
    static void close() {
        pool1.close();
        pool2.close();
        pool3.close();
    }

    /** Float-rounding tolerance relative to sum |w||x| of the row. */
    private static void assertClose(double want, double got, double magnitude, String what) {
        assertEquals(want, got, magnitude * 2e-5 + 1e-6, what);
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void vectorDotEqualsScalarDotEqualsDequantizeThenDot(GgmlType type) {
        int cols = 256 * 5;
        WeightMatrix w = TensorTestData.matrix(type, 3, 9, cols);
        float[] x = TensorTestData.gaussian(4, cols + 5, 1f);
        double[] ref = TensorTestData.referenceMatvec(w, x, 5);
        double[] mag = TensorTestData.magnitude(w, x, 5);
        TypeKernel k = TypeKernel.of(type);
        for (int r = 0; r < w.rows(); r++) {
            float vec = k.dot(w.data(), w.rowBytes() * r, x, 5, cols);
            float sca = k.dotScalar(w.data(), w.rowBytes() * r, x, 5, cols);
            assertClose(ref[r], sca, mag[r], type + " scalar row " + r);
            assertClose(ref[r], vec, mag[r], type + " vector row " + r);
            assertClose(sca, vec, mag[r], type + " vector vs scalar row " + r);
        }
        // dot2 reads the kernel's prepared layout of x when it has one
        int plen = Simd.USABLE ? k.preparedLength(cols) : 0;
        float[] xp = x;
        int xo = 5;
        if (plen > 0) {
            xp = new float[plen + 3];
            k.prepare(x, 5, cols, xp, 3);
            xo = 3;
        }
        float[] pair = new float[3];
        for (int r = 0; r + 1 < w.rows(); r += 2) {
            k.dot2(w.data(), w.rowBytes() * r, w.rowBytes(), xp, xo, cols, pair, 1, 2);
            assertClose(ref[r], pair[1], mag[r], type + " dot2 row " + r);
            assertClose(ref[r + 1], pair[2], mag[r + 1], type + " dot2 row " + (r + 1));
        }
        // a row's bits do not depend on its partner (matvec pairs rows by memory layout, the batch path differently)
        float[] other = new float[2];
        for (int r = 0; r < w.rows(); r++) {
            k.dot2(w.data(), w.rowBytes() * r, 0, xp, xo, cols, pair, 0, 0);
            int partner = (r + 3) % w.rows();
            k.dot2(w.data(), w.rowBytes() * r, w.rowBytes() * (partner - r), xp, xo, cols, other, 0, 1);
            assertEquals(pair[0], other[0], type + " row " + r + " alone vs paired with " + partner);
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void matvecAndMatmulMatchPlainLoop(GgmlType type) {
        int rows = 37;
        int cols = 512;
        WeightMatrix w = TensorTestData.matrix(type, 5, rows, cols);
        int n = 7;
        float[] x = TensorTestData.gaussian(6, n * cols, 1f);
        for (ComputePool pool : new ComputePool[] {pool1, pool2, pool3}) {
            for (Kernels kernels : new Kernels[] {Kernels.vector(pool), Kernels.scalar(pool)}) {
                String what = type + " threads=" + pool.threads() + " vector=" + kernels.vectorized();
                float[] out = new float[n * rows];
                kernels.matmul(w, x, n, out);
                float[] shifted = new float[n * rows + 3];
                float[] xs = new float[n * cols + 5];
                System.arraycopy(x, 0, xs, 5, n * cols);
                kernels.matmul(w, xs, 5, n, shifted, 3);
                for (int i = 0; i < n * rows; i++) {
                    assertEquals(out[i], shifted[3 + i], 0f, what + " offsets, index " + i);
                }
                for (int t = 0; t < n; t++) {
                    double[] ref = TensorTestData.referenceMatvec(w, x, t * cols);
                    double[] mag = TensorTestData.magnitude(w, x, t * cols);
                    float[] mv = new float[rows + 2];
                    kernels.matvec(w, x, t * cols, mv, 2);
                    for (int r = 0; r < rows; r++) {
                        assertClose(ref[r], out[t * rows + r], mag[r], what + " matmul t=" + t + " r=" + r);
                        assertClose(ref[r], mv[2 + r], mag[r], what + " matvec t=" + t + " r=" + r);
                    }
                }
            }
        }
    }

    /**
     * A prompt token's product does not depend on how many tokens share the call: the 4-token tiles and the 1-3 token
     * remainder tiles form every element in the same order, so token t's row has the same bits for every n > t.
     */
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "Q8_0", "Q4_K", "Q6_K"})
    void matmulRowsDoNotDependOnTheTokenCount(GgmlType type) {
        int rows = 12;
        int cols = 512;
        int most = 11;
        WeightMatrix w = TensorTestData.matrix(type, 21, rows, cols);
        float[] x = TensorTestData.gaussian(22, most * cols, 1f);
        Kernels k = Kernels.vector(pool2);
        float[] all = new float[most * rows];
        k.matmul(w, x, most, all);
        for (int n = 2; n < most; n++) {
            float[] out = new float[n * rows];
            k.matmul(w, x, n, out);
            for (int i = 0; i < n * rows; i++) {
                assertEquals(all[i], out[i], 0f, type + " n=" + n + " token " + i / rows + " row " + i % rows);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "Q8_0", "Q4_K", "Q6_K"})
    void rowSliceIsAnExpert(GgmlType type) {
        int rows = 6;
        int experts = 3;
        int cols = 256;
        WeightMatrix all = TensorTestData.matrix(type, 8, rows * experts, cols);
        float[] x = TensorTestData.gaussian(9, cols, 1f);
        Kernels k = Kernels.create(pool2);
        float[] full = new float[rows * experts];
        k.matvec(all, x, full);
        for (int e = 0; e < experts; e++) {
            WeightMatrix expert = all.rowSlice(e * rows, rows);
            assertEquals(rows, expert.rows());
            assertEquals(all.rowBytes() * rows, expert.data().byteSize());
            float[] out = new float[rows];
            k.matvec(expert, x, out);
            float[] row = new float[cols];
            float[] rowAll = new float[cols];
            for (int r = 0; r < rows; r++) {
                assertEquals(full[e * rows + r], out[r], 1e-6f * (1 + Math.abs(out[r])));
                expert.dequantizeRow(r, row, 0);
                all.dequantizeRow(e * rows + r, rowAll, 0);
                assertEquals(java.util.Arrays.toString(rowAll), java.util.Arrays.toString(row));
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> all.rowSlice(rows * experts - 1, 2));
    }

    @Test
    void batchedMatvecsEqualSeparateOnes() {
        WeightMatrix a = TensorTestData.matrix(GgmlType.Q8_0, 20, 37, 256);
        WeightMatrix b = TensorTestData.matrix(GgmlType.Q4_K, 21, 5, 512);
        WeightMatrix c = TensorTestData.matrix(GgmlType.F32, 22, 0, 64);
        WeightMatrix d = TensorTestData.matrix(GgmlType.Q6_K, 23, 18, 256);
        WeightMatrix e = TensorTestData.matrix(GgmlType.Q4_K, 26, 9, 512); // same input as b: one shared preparation
        float[] x1 = TensorTestData.gaussian(24, 600, 1f);
        float[] x2 = TensorTestData.gaussian(25, 512, 1f);
        for (ComputePool pool : new ComputePool[] {pool1, pool2, pool3}) {
            for (Kernels k : new Kernels[] {Kernels.vector(pool), Kernels.scalar(pool)}) {
                float[] out = new float[100];
                k.matvecs(java.util.List.of(new Kernels.Matvec(a, x1, 3, out, 0), new Kernels.Matvec(b, x2, 0, out, 40),
                        new Kernels.Matvec(c, x1, out), new Kernels.Matvec(d, x1, 100, out, 50),
                        new Kernels.Matvec(e, x2, 0, out, 80), new Kernels.Matvec(b, x1, 50, out, 89)));
                float[] want = new float[100];
                k.matvec(a, x1, 3, want, 0);
                k.matvec(b, x2, 0, want, 40);
                k.matvec(d, x1, 100, want, 50);
                k.matvec(e, x2, 0, want, 80);
                k.matvec(b, x1, 50, want, 89);
                for (int i = 0; i < 100; i++) {
                    assertEquals(want[i], out[i], 1e-5f * (1 + Math.abs(want[i])), "index " + i + " threads " + pool.threads());
                }
            }
        }
    }

    @Test
    void oddColumnCountsForFloatTypes() {
        for (GgmlType type : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16}) {
            int rows = 5;
            int cols = 37;
            WeightMatrix w = TensorTestData.matrix(type, 10, rows, cols);
            float[] x = TensorTestData.gaussian(11, 3 * cols, 1f);
            float[] out = new float[3 * rows];
            Kernels.vector(pool2).matmul(w, x, 3, out);
            for (int t = 0; t < 3; t++) {
                double[] ref = TensorTestData.referenceMatvec(w, x, t * cols);
                double[] mag = TensorTestData.magnitude(w, x, t * cols);
                for (int r = 0; r < rows; r++) {
                    assertClose(ref[r], out[t * rows + r], mag[r], type + " r=" + r);
                }
            }
        }
    }

    @Test
    void scalarModePropertyIsHonoured() {
        String old = System.getProperty(Kernels.MODE_PROPERTY);
        try {
            System.setProperty(Kernels.MODE_PROPERTY, "scalar");
            Kernels k = Kernels.create(pool2);
            assertFalse(k.vectorized());
            assertTrue(k.ops() instanceof ScalarFloatOps);
            System.clearProperty(Kernels.MODE_PROPERTY);
            assertEquals(Simd.USABLE, Kernels.create(pool2).vectorized());
        } finally {
            if (old == null) {
                System.clearProperty(Kernels.MODE_PROPERTY);
            } else {
                System.setProperty(Kernels.MODE_PROPERTY, old);
            }
        }
    }

    @Test
    void rejectsBadShapes() {
        WeightMatrix w = TensorTestData.matrix(GgmlType.Q8_0, 1, 4, 64);
        Kernels k = Kernels.create(pool2);
        assertThrows(IllegalArgumentException.class, () -> k.matvec(w, new float[63], new float[4]));
        assertThrows(IllegalArgumentException.class, () -> k.matvec(w, new float[64], new float[3]));
        assertThrows(IllegalArgumentException.class, () -> WeightMatrix.of(GgmlType.Q8_0, MemorySegment.ofArray(new byte[10]), 4, 64));
        assertThrows(IllegalArgumentException.class, () -> WeightMatrix.of(GgmlType.Q2_K, MemorySegment.ofArray(new byte[84]), 1, 256));
    }
}
