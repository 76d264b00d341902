package io.consilium.llm.model.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.llm.gguf.GgmlType;
import io.consilium.llm.model.MlaConfig;
import io.consilium.llm.tensor.ComputePool;
import io.consilium.llm.tensor.Kernels;
import io.consilium.llm.tensor.Quantizer;
import io.consilium.llm.tensor.WeightMatrix;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The expanded prompt attention against the absorbed form written out plainly, in double. */
class MlaPrefillTest {

    @ParameterizedTest(name = "lora {0} nope {1} rope {2} v {3} p0 {4} n {5} W_UK by columns {6}")
    @CsvSource({"64, 32, 16, 32, 0, 7, false", "64, 32, 16, 32, 5, 9, true", "16, 32, 16, 32, 0, 6, false",
            "16, 32, 16, 32, 3, 40, true", "256, 64, 32, 64, 0, 37, false", "256, 64, 32, 64, 0, 37, true"})
    void expandedEqualsAbsorbed(int lora, int nope, int rope, int vDim, int p0, int n, boolean kByColumns) {
        int nHead = 3;
        int hdk = nope + rope;
        int total = p0 + n;
        Random rnd = new Random(lora * 31L + n);
        MlaConfig cfg = new MlaConfig(0, lora, nope, rope, vDim, 0.37f);
        float[] kb = random(rnd, nHead * lora * nope, 0.2);
        float[] vb = random(rnd, nHead * vDim * lora, 0.2);
        // W_UK as attn_k_b stores it (its rows), or as a legacy attn_kv_b does (its columns, each lora long)
        HeadMatrices wkB = kByColumns
                ? HeadMatrices.byColumns(f32(transposeHeads(kb, nHead, lora, nope), nHead * nope, lora), nHead, lora,
                        nope, nope, 0)
                : HeadMatrices.byRows(f32(kb, nHead * lora, nope), nHead, lora, nope, lora, 0);
        HeadMatrices wvB = HeadMatrices.byRows(f32(vb, nHead * vDim, lora), nHead, vDim, lora, vDim, 0);
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

    private static float[] transposeHeads(float[] m, int nHead, int rows, int cols) {
        float[] t = new float[m.length];
        for (int h = 0; h < nHead; h++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    t[h * rows * cols + c * rows + r] = m[h * rows * cols + r * cols + c];
                }
            }
        }
        return t;
    }

    static WeightMatrix f32(float[] data, int rows, int cols) {
        return WeightMatrix.of(GgmlType.F32, MemorySegment.ofArray(Quantizer.quantize(GgmlType.F32, data)), rows, cols);
    }
}
