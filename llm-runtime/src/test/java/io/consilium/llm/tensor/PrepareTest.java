package io.consilium.llm.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The table-driven input preparation of the K-quant kernels gives exactly the bits of its plain definition. */
class PrepareTest {
    private static final float[] EDGES = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 0x1.8p-126f,
        0x1.fffffep-100f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        1e-40f, 16777217f, -3e38f};

    @Test
    void q4kAndQ6kPreparationsEqualTheirDefinitions() {
        SplittableRandom r = new SplittableRandom(17);
        for (int trial = 0; trial < 400; trial++) {
            int n = 256 * (1 + r.nextInt(4));
            int xOff = r.nextInt(5);
            float[] x = new float[xOff + n];
            for (int i = 0; i < x.length; i++) {
                x[i] = switch (trial % 4) {
                    case 0 -> (float) r.nextGaussian();
                    case 1 -> (float) (r.nextGaussian() * Math.pow(2, r.nextInt(-149, 128)));
                    case 2 -> r.nextInt(3) == 0 ? EDGES[r.nextInt(EDGES.length)] : (float) r.nextGaussian() * 1e-38f;
                    default -> Float.intBitsToFloat(r.nextInt());
                };
            }
            int len = Q4KLanes.preparedLength(n);
            float[] got = new float[len + 2];
            float[] want = new float[len + 2];
            Q4KLanes.prepare(x, xOff, n, got, 2);
            q4kDefinition(x, xOff, n, want, 2);
            assertBits(want, got, "Q4_K trial " + trial);
            got = new float[Q6KLanes.preparedLength(n) + 1];
            want = new float[got.length];
            Q6KLanes.prepare(x, xOff, n, got, 1);
            q6kDefinition(x, xOff, n, want, 1);
            assertBits(want, got, "Q6_K trial " + trial);
        }
    }

    private static void assertBits(float[] want, float[] got, String at) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), at + " index " + i);
        }
    }

    private static void q4kDefinition(float[] x, int xOff, int n, float[] dst, int dstOff) {
        for (int b = 0; b < n / 256; b++) {
            int xb = xOff + 256 * b;
            int pb = dstOff + 272 * b;
            for (int h = 0; h < 2; h++) {
                for (int k = 0; k < 8; k++) {
                    for (int j = 0; j < 16; j++) {
                        int s = 2 * (2 * h + (j >> 3)) + (k & 1);
                        dst[pb + 16 * (8 * h + k) + j] = Math.scalb(x[xb + 32 * s + 4 * (j & 7) + (k >> 1)], k < 7 ? -4 * k : 0);
                    }
                }
            }
            for (int s = 0; s < 8; s++) {
                float sum = 0f;
                for (int l = 0; l < 32; l++) {
                    sum += x[xb + 32 * s + l];
                }
                dst[pb + 256 + s] = 0f;
                dst[pb + 256 + 8 + s] = sum;
            }
        }
    }

    private static void q6kDefinition(float[] x, int xOff, int n, float[] dst, int dstOff) {
        for (int b = 0; b < n / 256; b++) {
            int xb = xOff + 256 * b;
            int pb = dstOff + 272 * b;
            for (int h = 0; h < 2; h++) {
                for (int m = 0; m < 8; m++) {
                    for (int j = 0; j < 16; j++) {
                        int k = (j >> 3) + 2 * (m & 1);
                        dst[pb + 16 * (8 * h + m) + j] = Math.scalb(x[xb + 128 * h + 32 * k + 4 * (j & 7) + (m >> 1)], m < 7 ? -4 * m : 0);
                    }
                }
            }
            for (int s = 0; s < 16; s++) {
                float sum = 0f;
                for (int l = 0; l < 16; l++) {
                    sum += x[xb + 16 * s + l];
                }
                dst[pb + 256 + s] = -32f * sum;
            }
        }
    }
}
