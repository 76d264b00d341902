package io.consilium.llm.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
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
    void vectorLanesEqualTheScalarTwinBitForBit() {
        assumeTrue(Simd.USABLE, "no 256-bit vectors on this machine");
        float[] x = inputs();
        float[] out = new float[x.length];
        for (int rep = 0; rep < 3; rep++) { // before and after the JIT compiles the vector code
            for (int i = 0; i + Simd.L <= x.length; i += Simd.L) {
                VectorExp.exp(FloatVector.fromArray(Simd.F, x, i)).intoArray(out, i);
            }
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(VectorExp.exp(x[i])), Float.floatToRawIntBits(out[i]), "x=" + x[i]);
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
