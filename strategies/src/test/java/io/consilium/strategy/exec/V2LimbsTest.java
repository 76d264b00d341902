package io.consilium.strategy.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consilium.chain.dex.v2.UniswapV2Math;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The limb getAmountOut and conversions equal the chain's BigInteger math on random and edge values. */
class V2LimbsTest {
    private static final BigInteger TWO = BigInteger.TWO;

    /** A random positive value below 2^bits with a random bit length (so small and wide values both occur). */
    static BigInteger random(SplittableRandom rnd, int bits) {
        int len = rnd.nextInt(1, bits + 1);
        BigInteger x = new BigInteger(len, new java.util.Random(rnd.nextLong())).setBit(len - 1);
        if (rnd.nextInt(8) == 0) {
            // runs of ones and zeros: carries and borrows across limbs
            x = TWO.pow(len).subtract(BigInteger.ONE).xor(BigInteger.ONE.shiftLeft(rnd.nextInt(len)));
        }
        return x.signum() > 0 ? x : BigInteger.ONE;
    }

    static List<BigInteger> edges(int bits) {
        List<BigInteger> e = new ArrayList<>();
        for (int b : new int[] {1, 2, 31, 32, 33, 52, 53, 54, 62, 63, 64, 65, 96, 111, 112, 126, 127, 128}) {
            if (b <= bits) {
                e.add(TWO.pow(b).subtract(BigInteger.ONE));
                if (b < bits) {
                    e.add(TWO.pow(b));
                    e.add(TWO.pow(b).add(BigInteger.ONE));
                }
            }
        }
        e.add(BigInteger.ONE);
        e.add(BigInteger.TEN.pow(18));
        return e.stream().filter(x -> x.signum() > 0 && x.bitLength() <= bits).toList();
    }

    private static void check(V2Limbs m, BigInteger a, BigInteger ri, BigInteger ro, int fee) {
        m.amountOut(V2Limbs.hi(a), V2Limbs.lo(a), V2Limbs.hi(ri), V2Limbs.lo(ri), V2Limbs.hi(ro), V2Limbs.lo(ro), fee);
        BigInteger expected = UniswapV2Math.getAmountOut(a, ri, ro, fee);
        assertEquals(expected, V2Limbs.big(m.qHi, m.qLo), () -> "a=" + a + " ri=" + ri + " ro=" + ro + " fee=" + fee);
    }

    @Test
    void amountOutEqualsTheChainOnRandomAndEdgeInputs() {
        V2Limbs m = new V2Limbs();
        SplittableRandom rnd = new SplittableRandom(11);
        int[] fees = {0, 1, 5, 30, 100, 9_999};
        for (int i = 0; i < 300_000; i++) {
            check(m, random(rnd, rnd.nextBoolean() ? 63 : V2Limbs.BITS), random(rnd, V2Limbs.BITS), random(rnd, V2Limbs.BITS),
                    rnd.nextBoolean() ? fees[rnd.nextInt(fees.length)] : rnd.nextInt(10_000));
        }
        List<BigInteger> as = edges(V2Limbs.BITS);
        List<BigInteger> rs = edges(V2Limbs.BITS);
        for (BigInteger a : as) {
            for (BigInteger ri : rs) {
                for (BigInteger ro : rs) {
                    for (int fee : fees) {
                        check(m, a, ri, ro, fee);
                    }
                }
            }
        }
    }

    @Test
    void toDoubleIsBigIntegersDoubleValue() {
        SplittableRandom rnd = new SplittableRandom(12);
        List<BigInteger> xs = new ArrayList<>(edges(128));
        xs.add(BigInteger.ZERO);
        for (int i = 0; i < 300_000; i++) {
            xs.add(random(rnd, 128));
        }
        // halfway cases and their neighbours: 53 significant bits, then a 1 and zeros (or one more bit)
        for (int shift = 1; shift < 75; shift++) {
            BigInteger odd = TWO.pow(53).add(BigInteger.valueOf(rnd.nextLong(1L << 52)));
            BigInteger half = odd.shiftLeft(1).add(BigInteger.ONE).shiftLeft(shift - 1);
            xs.add(half);
            xs.add(half.add(BigInteger.ONE));
            xs.add(half.subtract(BigInteger.ONE));
            xs.add(half.subtract(BigInteger.ONE.shiftLeft(shift - 1)));
        }
        for (BigInteger x : xs) {
            if (x.bitLength() <= 128) {
                assertEquals(x.doubleValue(), V2Limbs.toDouble(V2Limbs.hi(x), V2Limbs.lo(x)), () -> "x=" + x);
                assertEquals(x, V2Limbs.big(V2Limbs.hi(x), V2Limbs.lo(x)));
            }
        }
    }
}
