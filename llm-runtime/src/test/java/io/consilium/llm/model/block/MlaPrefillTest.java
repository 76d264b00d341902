package io.consilium.llm.model.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.llm.model.MlaConfig;
import io.consilium.llm.tensor.ComputePool;
import io.consilium.llm.tensor.Kernels;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The expanded prompt attention against the absorbed form written out plainly, in double. */
class MlaPrefillTest {

    @ParameterizedTest(name = "lora {0} nope {1} rope {2} v {3} p0 {4} n {5}")
    @CsvSource({"64, 32, 16, 32, 0, 7", "64, 32, 16, 32, 5, 9", "16, 32, 16, 32, 0, 6", "16, 32, 16, 32, 3, 40",
            "256, 64, 32, 64, 0, 37"})
    void expandedEqualsAbsorbed(int lora, int nope, int rope, int vDim, int p0, int n) {
        int nHead = 3;
        int hdk = nope + rope;
        int total = p0 + n;
        Random rnd = new Random(lora * 31L + n);
        MlaConfig cfg = new MlaConfig(0, lora, nope, rope, vDim, 0.37f);
        float[] kb = random(rnd, nHead * lora * nope, 0.2);
        float[] vb = random(rnd, nHead * vDim * lora, 0.2);
        HeadMatrices wkB = new HeadMatrices(kb, nHead, lora, nope);
        HeadMatrices wvB = new HeadMatrices(vb, nHead, vDim, lora);
        float[] q = random(rnd, n * nHead * hdk, 1);
        float[] latent = random(rnd, total * lora, 1);
        float[] kpe = random(rnd, total * rope, 1);
        float[] v = new float[n * nHead * vDim];
        try (ComputePool pool = new ComputePool(2)) {
            MlaPrefill.attend(new Compute(Kernels.create(pool), pool), cfg, nHead, wkB, wvB, q, latent, kpe, p0, n, v);
        }
        double maxErr = 0;
        for (int t = 0; t < n; t++) {
            for (int h = 0; h < nHead; h++) {
                int len = p0 + t + 1;
                int qo = (t * nHead + h) * hdk;
                double[] s = new double[len];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) {
                    double sc = 0;
                    for (int r = 0; r < lora; r++) {
                        double qAbs = 0;
                        for (int d = 0; d < nope; d++) {
                            qAbs += (double) kb[(h * lora + r) * nope + d] * q[qo + d];
                        }
                        sc += qAbs * latent[j * lora + r];
                    }
                    for (int d = 0; d < rope; d++) {
                        sc += (double) q[qo + nope + d] * kpe[j * rope + d];
                    }
                    s[j] = sc * cfg.kqScale();
                    max = Math.max(max, s[j]);
                }
                double sum = 0;
                for (int j = 0; j < len; j++) {
                    s[j] = Math.exp(s[j] - max);
                    sum += s[j];
                }
                for (int e = 0; e < vDim; e++) {
                    double want = 0;
                    for (int j = 0; j < len; j++) {
                        double val = 0;
                        for (int r = 0; r < lora; r++) {
                            val += (double) vb[(h * vDim + e) * lora + r] * latent[j * lora + r];
                        }
                        want += s[j] / sum * val;
                    }
                    float got = v[(t * nHead + h) * vDim + e];
                    assertTrue(Float.isFinite(got));
                    maxErr = Math.max(maxErr, Math.abs(got - want) / Math.max(1, Math.abs(want)));
                }
            }
        }
        assertEquals(0, maxErr, 2e-4);
    }

    private static float[] random(Random rnd, int n, double sd) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextGaussian() * sd);
        }
        return x;
    }
}
