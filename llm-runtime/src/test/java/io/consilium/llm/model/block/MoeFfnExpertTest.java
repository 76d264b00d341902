package io.consilium.llm.model.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.llm.gguf.GgmlType;
import io.consilium.llm.tensor.ComputePool;
import io.consilium.llm.tensor.Kernels;
import io.consilium.llm.tensor.Quantizer;
import io.consilium.llm.tensor.WeightMatrix;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An expert's prompt SwiGLU ({@link MoeFfn#expert}): small token groups take the row kernels, larger ones the blocked
 * matmul. Both must agree within float tolerance with the plain matmul path, and a row-kernel group must give each
 * token exactly what the one-token path gives it.
 */
class MoeFfnExpertTest {
    private static final int NEMBD = 256;
    private static final int FF = 512;

    @ParameterizedTest(name = "gate/up {0} down {1}")
    @CsvSource({"Q8_0, Q8_0", "Q4_K, Q6_K", "Q4_K, Q4_K", "Q6_K, Q6_K", "Q5_K, Q8_0", "Q4_0, Q4_0", "F32, Q6_K"})
    void smallGroupsMatchTheMatmulPath(GgmlType gateType, GgmlType downType) {
        Random rnd = new Random(gateType.ordinal() * 131L + downType.ordinal());
        try (Arena arena = Arena.ofShared(); ComputePool pool = new ComputePool(2)) {
            WeightMatrix gate = matrix(arena, gateType, FF, NEMBD, rnd);
            WeightMatrix up = matrix(arena, gateType, FF, NEMBD, rnd);
            WeightMatrix down = matrix(arena, downType, NEMBD, FF, rnd);
            Compute c = new Compute(Kernels.create(pool), pool);
            for (int m = 2; m <= 9; m++) {
                int xOff = 3 * NEMBD;
                float[] x = new float[xOff + m * NEMBD];
                for (int i = xOff; i < x.length; i++) {
                    x[i] = (float) rnd.nextGaussian();
                }
                x[xOff] = 0f;
                x[xOff + 1] = -0f;
                x[x.length - 1] = 8f;
                float[] y = new float[m * NEMBD];
                MoeFfn.expert(c, gate, up, down, x, xOff, m, y);
                float[] ref = matmulPath(c, gate, up, down, x, xOff, m);
                for (int i = 0; i < y.length; i++) {
                    float tol = 1e-4f * (1f + Math.abs(ref[i]));
                    assertTrue(Math.abs(y[i] - ref[i]) <= tol,
                            "m=" + m + " i=" + i + ": " + y[i] + " vs matmul " + ref[i]);
                }
                if (m <= Math.min(MoeFfn.rowsUpTo(gateType), MoeFfn.rowsUpTo(downType))) {
                    for (int t = 0; t < m; t++) {
                        float[] one = new float[NEMBD];
                        DenseFfn.forward(c, gate, up, down, x, xOff + t * NEMBD, 1, one);
                        assertArrayEquals(one, Arrays.copyOfRange(y, t * NEMBD, (t + 1) * NEMBD),
                                "m=" + m + " token " + t + " differs from its one-token result");
                    }
                }
            }
        }
    }

    private static float[] matmulPath(Compute c, WeightMatrix gate, WeightMatrix up, WeightMatrix down, float[] x,
                                      int xOff, int m) {
        float[] g = new float[m * FF];
        float[] u = new float[m * FF];
        c.kernels().matmul(gate, x, xOff, m, g, 0);
        c.kernels().matmul(up, x, xOff, m, u, 0);
        c.ops().siluMul(g, 0, u, 0, m * FF);
        float[] y = new float[m * NEMBD];
        c.kernels().matmul(down, g, 0, m, y, 0);
        return y;
    }

    private static WeightMatrix matrix(Arena arena, GgmlType type, int rows, int cols, Random rnd) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * 0.05);
        }
        byte[] q = Quantizer.quantize(type, v);
        MemorySegment seg = arena.allocate(q.length, 64);
        MemorySegment.copy(MemorySegment.ofArray(q), 0, seg, 0, q.length);
        return WeightMatrix.of(type, seg, rows, cols);
    }
}
