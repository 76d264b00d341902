package io.consilium.llm.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FloatOpsTest {

    private final FloatOps vec = VectorFloatOps.INSTANCE;
    private final FloatOps sca = ScalarFloatOps.INSTANCE;

    private static void assertArrayClose(float[] want, float[] got, float tol) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], tol * (1 + Math.abs(want[i])), "index " + i);
        }
    }

    @Test
    void columnMajorGemvMatchesPlainSumsIncludingRowTails() {
        for (int[] shape : new int[][] {{256, 64}, {100, 7}, {5, 3}, {16, 1}, {80, 33}}) {
            int rows = shape[0];
            int cols = shape[1];
            float[] m = TensorTestData.gaussian(rows, 2 + rows * cols, 1f);
            float[] x = TensorTestData.gaussian(cols, cols + 1, 1f);
            float[] want = new float[rows];
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int c = 0; c < cols; c++) {
                    s += (double) m[2 + c * rows + r] * x[1 + c];
                }
                want[r] = (float) s;
            }
            for (FloatOps ops : new FloatOps[] {sca, vec}) {
                float[] got = new float[rows + 3];
                ops.gemvColumnMajor(m, 2, rows, cols, x, 1, got, 3);
                for (int r = 0; r < rows; r++) {
                    assertEquals(want[r], got[3 + r], 1e-5f * cols * (1 + Math.abs(want[r])), rows + "x" + cols + " row " + r);
                }
            }
        }
    }

    @Test
    void vectorOpsMatchScalarTwinsIncludingTails() {
        for (int n : new int[] {1, 7, 16, 33, 100, 1027}) {
            float[] a = TensorTestData.gaussian(n, n + 3, 1f);
            float[] b = TensorTestData.gaussian(n + 1, n + 3, 2f);
            float[] w = TensorTestData.gaussian(n + 2, n, 1f);
            assertEquals(sca.dot(a, 3, b, 1, n), vec.dot(a, 3, b, 1, n), 1e-4f * n);

            float[] y1 = b.clone();
            float[] y2 = b.clone();
            sca.axpy(0.3f, a, 2, y1, 1, n);
            vec.axpy(0.3f, a, 2, y2, 1, n);
            assertArrayClose(y1, y2, 1e-6f);

            float[] o1 = new float[n + 2];
            float[] o2 = new float[n + 2];
            sca.rmsnorm(o1, 2, a, 3, w, n, 1e-6f);
            vec.rmsnorm(o2, 2, a, 3, w, n, 1e-6f);
            assertArrayClose(o1, o2, 1e-5f);
            sca.rmsnorm(o1, 2, a, 3, null, n, 1e-5f);
            vec.rmsnorm(o2, 2, a, 3, null, n, 1e-5f);
            assertArrayClose(o1, o2, 1e-5f);

            float[] s1 = a.clone();
            float[] s2 = a.clone();
            sca.softmax(s1, 1, n);
            vec.softmax(s2, 1, n);
            assertArrayClose(s1, s2, 1e-5f);
            double sum = 0;
            for (int i = 1; i <= n; i++) {
                sum += s2[i];
            }
            assertEquals(1.0, sum, 1e-4);

            float[] g1 = a.clone();
            float[] g2 = a.clone();
            sca.siluMul(g1, 0, b, 2, n);
            vec.siluMul(g2, 0, b, 2, n);
            assertArrayClose(g1, g2, 1e-5f);

            float[] d1 = a.clone();
            float[] d2 = a.clone();
            sca.add(d1, 1, b, 0, n);
            vec.add(d2, 1, b, 0, n);
            assertArrayClose(d1, d2, 0f);
            sca.scale(d1, 0, n, -1.5f);
            vec.scale(d2, 0, n, -1.5f);
            assertArrayClose(d1, d2, 0f);
        }
    }

    @Test
    void rmsnormAndSiluValues() {
        float[] x = {3f, 4f};
        float[] out = new float[2];
        sca.rmsnorm(out, 0, x, 0, new float[] {1f, 2f}, 2, 0f);
        float rms = (float) Math.sqrt(12.5);
        assertEquals(3f / rms, out[0], 1e-6f);
        assertEquals(8f / rms, out[1], 1e-6f);
        float[] g = {0f, 2f};
        vec.siluMul(g, 0, new float[] {5f, 1f}, 0, 2);
        assertEquals(0f, g[0]);
        assertEquals(2f / (1f + (float) Math.exp(-2)), g[1], 1e-6f);
    }
}
