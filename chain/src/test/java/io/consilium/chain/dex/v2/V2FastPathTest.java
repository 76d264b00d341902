package io.consilium.chain.dex.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** getAmountOut's long-limb path equals the BigInteger formula, on edge values and random widths. */
class V2FastPathTest {
    static BigInteger reference(BigInteger amountIn, BigInteger reserveIn, BigInteger reserveOut, int feeBps) {
        BigInteger withFee = amountIn.multiply(BigInteger.valueOf(10_000L - feeBps));
        return withFee.multiply(reserveOut).divide(reserveIn.multiply(BigInteger.valueOf(10_000)).add(withFee));
    }

    @Test
    void equalsTheBigIntegerFormula() {
        List<BigInteger> edges = new ArrayList<>(List.of(BigInteger.ONE, BigInteger.TWO));
        for (int k : new int[] {63, 64, 112, 128, 192, 224, 225, 256}) {
            edges.add(BigInteger.ONE.shiftLeft(k).subtract(BigInteger.ONE));
            edges.add(BigInteger.ONE.shiftLeft(k));
        }
        int[] fees = {0, 1, 5, 30, 100, 9_999};
        for (BigInteger a : edges) {
            for (BigInteger r0 : edges) {
                for (BigInteger r1 : edges) {
                    for (int f : fees) {
                        assertEquals(reference(a, r0, r1, f), UniswapV2Math.getAmountOut(a, r0, r1, f), a + " " + r0 + " " + r1 + " " + f);
                    }
                }
            }
        }
        SplittableRandom rnd = new SplittableRandom(9);
        for (int i = 0; i < 200_000; i++) {
            BigInteger a = random(rnd);
            BigInteger r0 = random(rnd);
            BigInteger r1 = random(rnd);
            int f = fees[rnd.nextInt(fees.length)];
            assertEquals(reference(a, r0, r1, f), UniswapV2Math.getAmountOut(a, r0, r1, f), a + " " + r0 + " " + r1 + " " + f);
        }
    }

    private static BigInteger random(SplittableRandom rnd) {
        int bits = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 240 : 112);
        return new BigInteger(bits, new Random(rnd.nextLong())).setBit(bits - 1);
    }
}
