package io.consilium.chain.dex.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The long-based TickMath equals its BigInteger twin: every tick, and prices all over the range. */
class TickMathFastPathTest {
    @Test
    void sqrtRatioAtEveryTickEqualsTheReference() {
        for (int t = TickMath.MIN_TICK; t <= TickMath.MAX_TICK; t++) {
            BigInteger fast = TickMath.getSqrtRatioAtTick(t);
            if (!fast.equals(TickMathReference.getSqrtRatioAtTick(t))) {
                assertEquals(TickMathReference.getSqrtRatioAtTick(t), fast, "tick " + t);
            }
        }
    }

    @Test
    void tickAtSqrtRatioEqualsTheReference() {
        SplittableRandom rnd = new SplittableRandom(17);
        Random r = new Random(17);
        for (int i = 0; i < 200_000; i++) {
            BigInteger p;
            switch (i % 4) {
                case 0 -> p = TickMath.getSqrtRatioAtTick(rnd.nextInt(TickMath.MIN_TICK, TickMath.MAX_TICK));
                case 1 -> p = TickMath.getSqrtRatioAtTick(rnd.nextInt(TickMath.MIN_TICK + 1, TickMath.MAX_TICK)).subtract(BigInteger.ONE);
                default -> {
                    int bits = rnd.nextInt(33, 161);
                    p = new BigInteger(bits, r).setBit(bits - 1);
                    if (p.compareTo(TickMath.MIN_SQRT_RATIO) < 0 || p.compareTo(TickMath.MAX_SQRT_RATIO) >= 0) {
                        continue;
                    }
                }
            }
            assertEquals(TickMathReference.getTickAtSqrtRatio(p), TickMath.getTickAtSqrtRatio(p), "price " + p);
        }
        assertEquals(TickMathReference.getTickAtSqrtRatio(TickMath.MIN_SQRT_RATIO), TickMath.getTickAtSqrtRatio(TickMath.MIN_SQRT_RATIO));
        // the double estimate is least precise (relative to a tick) at the ends of the range: every
        // tick boundary there, one unit either side
        for (int k = 0; k < 20_000; k++) {
            for (int t : new int[] {TickMath.MIN_TICK + 1 + k, TickMath.MAX_TICK - 1 - k, rnd.nextInt(TickMath.MIN_TICK + 1, TickMath.MAX_TICK)}) {
                BigInteger s = TickMath.getSqrtRatioAtTick(t);
                for (BigInteger p : new BigInteger[] {s.subtract(BigInteger.ONE), s, s.add(BigInteger.ONE)}) {
                    int fast = TickMath.getTickAtSqrtRatio(p);
                    if (fast != TickMath.getTickAtSqrtRatioExact(p)) {
                        assertEquals(TickMathReference.getTickAtSqrtRatio(p), fast, "price " + p);
                    }
                }
            }
        }
        BigInteger top = TickMath.MAX_SQRT_RATIO.subtract(BigInteger.ONE);
        assertEquals(TickMathReference.getTickAtSqrtRatio(top), TickMath.getTickAtSqrtRatio(top));
    }

    @Test
    void mul256MatchesBigInteger() {
        SplittableRandom rnd = new SplittableRandom(3);
        long[] w = new long[4];
        BigInteger mask = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        for (int i = 0; i < 100_000; i++) {
            long a1 = i % 7 == 0 ? -1L : rnd.nextLong();
            long a0 = i % 5 == 0 ? -1L : rnd.nextLong();
            long b1 = i % 3 == 0 ? -1L : rnd.nextLong();
            long b0 = rnd.nextLong();
            io.consilium.chain.dex.Wide.mul256(a1, a0, b1, b0, w);
            BigInteger a = u(a1).shiftLeft(64).or(u(a0));
            BigInteger b = u(b1).shiftLeft(64).or(u(b0));
            BigInteger p = a.multiply(b);
            BigInteger got = u(w[3]).shiftLeft(192).or(u(w[2]).shiftLeft(128)).or(u(w[1]).shiftLeft(64)).or(u(w[0]));
            assertEquals(p, got);
            assertEquals(mask.and(p).longValue(), w[0]);
        }
    }

    private static BigInteger u(long x) {
        return new BigInteger(Long.toUnsignedString(x));
    }
}
