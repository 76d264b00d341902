package io.consilium.llm.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The batched attention ops give exactly the bits of the per-key dot and axpy calls they replace. */
class AttentionOpsTest {
    private static final float[] EDGES = {0f, -0f, Float.MIN_VALUE, Float.MIN_NORMAL, 3e38f, -3e38f,
        Float.POSITIVE_INFINITY, Float.NaN, 1e-30f};

    @Test
    void dotsAndAxpysEqualOneCallPerKey() {
        FloatOps ops = VectorFloatOps.INSTANCE;
        SplittableRandom r = new SplittableRandom(23);
        for (int trial = 0; trial < 600; trial++) {
            int n = new int[] {64, 128, 32, 96, 48, 16, 7, 80}[trial % 8];
            int stride = n + r.nextInt(3) * 16;
            int count = r.nextInt(1, 40);
            float[] q = fill(r, 3 + n, trial);
            float[] k = fill(r, 5 + count * stride, trial);
            float scale = (float) (1 / Math.sqrt(n));
            float[] want = new float[count + 2];
            float[] got = new float[count + 2];
            for (int j = 0; j < count; j++) {
                want[2 + j] = ops.dot(q, 3, k, 5 + j * stride, n) * scale;
            }
            ops.dotsScaled(q, 3, k, 5, stride, count, n, scale, got, 2);
            assertBits(want, got, "dots n=" + n + " count=" + count + " trial " + trial);

            float[] alpha = fill(r, 1 + count, trial);
            float[] y0 = fill(r, 4 + n, trial);
            float[] y1 = y0.clone();
            for (int j = 0; j < count; j++) {
                ops.axpy(alpha[1 + j], k, 5 + j * stride, y0, 4, n);
            }
            ops.axpys(alpha, 1, count, k, 5, stride, y1, 4, n);
            assertBits(y0, y1, "axpys n=" + n + " count=" + count + " trial " + trial);
        }
    }

    private static float[] fill(SplittableRandom r, int len, int trial) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) {
            a[i] = trial % 5 == 4 && r.nextInt(8) == 0 ? EDGES[r.nextInt(EDGES.length)]
                    : (float) (r.nextGaussian() * (trial % 3 == 0 ? 1e-20 : 1));
        }
        return a;
    }

    private static void assertBits(float[] want, float[] got, String at) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), at + " index " + i);
        }
    }
}
