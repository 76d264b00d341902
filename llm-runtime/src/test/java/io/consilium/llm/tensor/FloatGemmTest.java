package io.consilium.llm.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FloatGemmTest {

    @Test
    void ntMatchesPlainSumsOnEveryShape() {
        Random rnd = new Random(5);
        for (int d : new int[] {16, 32, 48, 96, 7, 20}) {
            for (int m = 1; m <= 9; m++) {
                for (int nb : new int[] {1, 3, 4, 5, 8, 13}) {
                    int as = d + rnd.nextInt(3);
                    int bs = d + rnd.nextInt(3);
                    int cs = nb + rnd.nextInt(3);
                    float[] a = random(rnd, 2 + m * as);
                    float[] b = random(rnd, 1 + nb * bs);
                    float[] c = new float[3 + m * cs];
                    FloatGemm.nt(a, 2, as, m, b, 1, bs, nb, d, c, 3, cs);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < nb; j++) {
                            double want = 0;
                            for (int k = 0; k < d; k++) {
                                want += (double) a[2 + i * as + k] * b[1 + j * bs + k];
                            }
                            assertEquals(want, c[3 + i * cs + j], 1e-4, "d=" + d + " m=" + m + " nb=" + nb);
                        }
                    }
                }
            }
        }
    }

    @Test
    void ntElementsDoNotDependOnTheBlocking() {
        Random rnd = new Random(6);
        int d = 64;
        int m = 11;
        int nb = 10;
        float[] a = random(rnd, m * d);
        float[] b = random(rnd, nb * d);
        float[] whole = new float[m * nb];
        FloatGemm.nt(a, 0, d, m, b, 0, d, nb, d, whole, 0, nb);
        float[] pieces = new float[m * nb];
        // rows one at a time, columns in uneven blocks: every element must come out bit for bit the same
        for (int i = 0; i < m; i++) {
            FloatGemm.nt(a, i * d, d, 1, b, 0, d, 3, d, pieces, i * nb, nb);
            FloatGemm.nt(a, i * d, d, 1, b, 3 * d, d, nb - 3, d, pieces, i * nb + 3, nb);
        }
        assertArrayEquals(whole, pieces);
    }

    @Test
    void nnMatchesPlainSumsAndIsBlockingInvariant() {
        Random rnd = new Random(7);
        for (int w : new int[] {64, 80, 16, 96, 5, 70}) {
            for (int m = 1; m <= 9; m++) {
                for (int k : new int[] {1, 2, 7, 33}) {
                    int ps = k + rnd.nextInt(3);
                    int bs = w + rnd.nextInt(3);
                    int cs = w + rnd.nextInt(3);
                    float[] p = random(rnd, m * ps);
                    float[] b = random(rnd, k * bs);
                    float[] c = new float[m * cs];
                    FloatGemm.nn(p, 0, ps, m, k, b, 0, bs, w, c, 0, cs);
                    for (int i = 0; i < m; i++) {
                        float[] row = new float[w];
                        FloatGemm.nn(p, i * ps, ps, 1, k, b, 0, bs, w, row, 0, w);
                        for (int e = 0; e < w; e++) {
                            double want = 0;
                            for (int j = 0; j < k; j++) {
                                want += (double) p[i * ps + j] * b[j * bs + e];
                            }
                            assertEquals(want, c[i * cs + e], 1e-4, "w=" + w + " m=" + m + " k=" + k);
                            assertEquals(Float.floatToIntBits(row[e]), Float.floatToIntBits(c[i * cs + e]));
                        }
                    }
                }
            }
        }
    }

    @Test
    void nnTrailingZeroWeightsChangeNothing() {
        Random rnd = new Random(8);
        int w = 64;
        float[] b = random(rnd, 12 * w);
        float[] p = random(rnd, 12);
        for (int j = 5; j < 12; j++) {
            p[j] = 0f;
        }
        float[] full = new float[w];
        float[] part = new float[w];
        FloatGemm.nn(p, 0, 12, 1, 12, b, 0, w, w, full, 0, w);
        FloatGemm.nn(p, 0, 12, 1, 5, b, 0, w, w, part, 0, w);
        assertArrayEquals(part, full);
    }

    private static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }
}
