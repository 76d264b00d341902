package io.consilium.llm.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorExpTest {

    private static float[] inputs() {
        SplittableRandom r = new SplittableRandom(5);
        float[] x = new float[1 << 16];
        float[] edges = {0f, -0f, 1f, -1f, 1e-30f, -1e-30f, 0.3465736f, -0.3465736f, 88f, 88.5f, 100f, -86.99f, -87f,
            -87.01f, -100f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 10.5f, -20.25f};
        System.arraycopy(edges, 0, x, 0, edges.length);
        for (int i = edges.length; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 190 - 95);
        }
        return x;
    }

    @Test
    void vectorLoopsEqualTheScalarTwinBitForBit() {
        assumeTrue(Simd.USABLE, "no 256-bit vectors on this machine");
        float[] x = inputs();
        for (int rep = 0; rep < 3; rep++) { // before and after the JIT compiles the vector code
            for (float shift : new float[] {0f, 3.5f, -7f}) {
                float[] e = x.clone();
                float sum = VectorExp.expShiftedSum(e, 0, e.length - 3, shift); // a tail of 3 too
                double plain = 0;
                for (int i = 0; i < e.length - 3; i++) {
                    float want = VectorExp.exp(x[i] - shift);
                    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(e[i]), "x=" + x[i] + " shift=" + shift);
                    if (Float.isFinite(want)) {
                        plain += want;
                    }
                }
                if (plain < 1e37) { // sums of e^88-sized values overflow a float, as they should
                    assertEquals(plain, sum, plain * 1e-5, "sum");
                } else {
                    assertTrue(sum > 1e37f, "sum " + sum);
                }
            }
            float[] gate = x.clone();
            float[] up = new float[x.length];
            java.util.Arrays.fill(up, 0.75f);
            VectorExp.siluMul(gate, 0, up, 0, gate.length - 5);
            for (int i = 0; i < gate.length - 5; i++) {
                float g = x[i];
                float want = g / (VectorExp.exp(-g) + 1f) * 0.75f;
                assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(gate[i]), "silu x=" + g);
            }
        }
    }

    @Test
    void closeToMathExpAndZeroOrClampedOutsideTheFloatRange() {
        float worst = 0;
        for (float v : inputs()) {
            float e = VectorExp.exp(v);
            if (v < VectorExp.MIN_ARG) {
                assertEquals(0f, e, "x=" + v);
            } else if (v > VectorExp.MAX_ARG) {
                assertEquals(VectorExp.exp(VectorExp.MAX_ARG), e, "x=" + v);
                assertTrue(Float.isFinite(e));
            } else {
                double exact = Math.exp(v);
                float ulps = (float) (Math.abs(e - exact) / Math.ulp((float) exact));
                worst = Math.max(worst, ulps);
            }
        }
        assertTrue(worst <= 2f, "worst error " + worst + " ulp");
    }
}
