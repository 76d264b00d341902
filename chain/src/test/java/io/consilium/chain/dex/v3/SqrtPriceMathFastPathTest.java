package io.consilium.chain.dex.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** getAmount1Delta divides by Q96 with a shift; the plain FullMath form is the reference. */
class SqrtPriceMathFastPathTest {
    private static final BigInteger RANGE = TickMath.MAX_SQRT_RATIO.subtract(TickMath.MIN_SQRT_RATIO);

    @Test
    void amount1DeltaEqualsTheMulDivReferenceOnRandomInputs() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 50_000; i++) {
            BigInteger a = randomPrice(rnd);
            BigInteger b = rnd.nextInt(8) == 0 ? a.add(BigInteger.valueOf(rnd.nextInt(1000))) : randomPrice(rnd);
            BigInteger liquidity = new BigInteger(1 + rnd.nextInt(128), new Random(rnd.nextLong()));
            BigInteger diff = a.subtract(b).abs();
            for (boolean up : new boolean[] {false, true}) {
                BigInteger expected = up ? FullMath.mulDivRoundingUp(liquidity, diff, SqrtPriceMath.Q96)
                        : FullMath.mulDiv(liquidity, diff, SqrtPriceMath.Q96);
                assertEquals(expected, SqrtPriceMath.getAmount1Delta(a, b, liquidity, up), a + " " + b + " " + liquidity + " " + up);
            }
        }
    }

    private static BigInteger randomPrice(SplittableRandom rnd) {
        // mostly small magnitudes too, so that both exact multiples of Q96 and short values occur
        int bits = 33 + rnd.nextInt(128);
        BigInteger p = new BigInteger(bits, new Random(rnd.nextLong())).mod(RANGE).add(TickMath.MIN_SQRT_RATIO);
        return rnd.nextInt(16) == 0 ? p.shiftRight(96).shiftLeft(96).max(TickMath.MIN_SQRT_RATIO) : p;
    }
}
