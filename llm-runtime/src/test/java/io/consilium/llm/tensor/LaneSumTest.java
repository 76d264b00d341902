package io.consilium.llm.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The stored sums (read back whole, in halves, four at a time) give exactly the bits of {@link LaneSum#sum}. */
class LaneSumTest {
    private static final float[] EDGES = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1e-30f, 3e38f,
        0x1p-126f * 1.5f, 16777217f};

    @Test
    void storedSumsEqualTheVectorSumBitForBit() {
        int l = Simd.L;
        SplittableRandom r = new SplittableRandom(5);
        float[] s = new float[4 * l + 8];
        float[] out = new float[16];
        for (int trial = 0; trial < 20_000; trial++) {
            for (int i = 0; i < s.length; i++) {
                s[i] = value(r, trial);
            }
            int from = trial % 3 == 0 ? 0 : r.nextInt(8);
            float[] expect = new float[4];
            for (int t = 0; t < 4; t++) {
                expect[t] = LaneSum.sum(FloatVector.fromArray(Simd.F, s, from + t * l));
            }
            assertBits(expect[0], LaneSum.sumStored(s, from), trial);
            LaneSum.sum4Stored(s, from, out, 1, 3);
            for (int t = 0; t < 4; t++) {
                assertBits(expect[t], out[1 + 3 * t], trial);
            }
            if (from == 0) {
                LaneSum.sum4Stored(s, 0, out, 7, 2, 11, 0);
                assertBits(expect[0], out[7], trial);
                assertBits(expect[1], out[2], trial);
                assertBits(expect[2], out[11], trial);
                assertBits(expect[3], out[0], trial);
            }
        }
    }

    private static float value(SplittableRandom r, int trial) {
        return switch (trial % 4) {
            case 0 -> (float) r.nextGaussian();
            case 1 -> (float) (r.nextGaussian() * Math.pow(2, r.nextInt(-140, 128)));
            case 2 -> r.nextInt(4) == 0 ? EDGES[r.nextInt(EDGES.length)] : (float) r.nextGaussian() * 1e5f;
            default -> Float.intBitsToFloat(r.nextInt());
        };
    }

    private static void assertBits(float expected, float actual, int trial) {
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual), "trial " + trial + ": " + expected + " vs " + actual);
    }
}
