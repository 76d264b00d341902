package io.consilium.chain.dex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The long-limb fast path against BigInteger on random widths and on the edge values of Solidity's integer types. */
class WideTest {
    static final BigInteger TWO = BigInteger.TWO;

    /** 0, 1, 2^k - 1, 2^k, 2^k + 1 for the widths the contracts use, and limb boundaries. */
    static List<BigInteger> edges() {
        List<BigInteger> e = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, TWO, BigInteger.valueOf(3)));
        for (int k : new int[] {31, 32, 63, 64, 65, 96, 127, 128, 129, 160, 191, 192, 193, 224, 255, 256}) {
            BigInteger p = TWO.pow(k);
            e.add(p.subtract(BigInteger.ONE));
            if (k < 256) {
                e.add(p);
                e.add(p.add(BigInteger.ONE));
            }
        }
        return e;
    }

    /** A random value of a random width up to maxBits, sometimes with long runs of ones or zeros. */
    static BigInteger random(SplittableRandom rnd, int maxBits) {
        int bits = rnd.nextInt(maxBits + 1);
        BigInteger x = new BigInteger(bits, new java.util.Random(rnd.nextLong()));
        switch (rnd.nextInt(4)) {
            case 0 -> x = x.setBit(Math.max(0, bits - 1));
            case 1 -> x = TWO.pow(bits).subtract(BigInteger.ONE).subtract(BigInteger.valueOf(rnd.nextInt(3))).max(BigInteger.ZERO);
            default -> { }
        }
        return x;
    }

    static BigInteger expected(BigInteger a, BigInteger b, BigInteger d, boolean up) {
        BigInteger[] qr = a.multiply(b).divideAndRemainder(d);
        BigInteger q = up && qr[1].signum() != 0 ? qr[0].add(BigInteger.ONE) : qr[0];
        return q.bitLength() > 256 ? null : q;
    }

    static void check(BigInteger a, BigInteger b, BigInteger d) {
        for (boolean up : new boolean[] {false, true}) {
            BigInteger e = expected(a, b, d, up);
            assertEquals(e, Wide.mulDiv(a, b, d, up), a + "*" + b + "/" + d + " up=" + up);
            assertEquals(expected(a, BigInteger.ONE, d, up), Wide.mulDiv(a, BigInteger.ONE, d, up), a + "/" + d + " up=" + up);
            // the register-only forms answer within their range (63-bit operands and quotient), else null
            BigInteger e64 = a.bitLength() <= 63 && b.bitLength() <= 63 && d.bitLength() <= 63 && e.bitLength() <= 63 ? e : null;
            assertEquals(e64, Wide.mulDiv64(a, b, d, up), "64: " + a + "*" + b + "/" + d + " up=" + up);
            if (a.bitLength() <= 63 && d.bitLength() <= 63) {
                assertEquals(expected(a, BigInteger.ONE, d, up), Wide.div64(a, d, up), "64: " + a + "/" + d + " up=" + up);
            }
        }
    }

    @Test
    void edgeValues() {
        List<BigInteger> e = edges();
        for (BigInteger a : e) {
            for (BigInteger b : e) {
                for (BigInteger d : e) {
                    if (d.signum() > 0) {
                        check(a, b, d);
                    }
                }
            }
        }
    }

    @Test
    void randomWidths() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            BigInteger a = random(rnd, 256);
            BigInteger b = random(rnd, 256);
            BigInteger d = random(rnd, 256);
            if (d.signum() == 0) {
                d = BigInteger.ONE;
            }
            check(a, b, d);
            BigInteger d64 = random(rnd, 63).max(BigInteger.ONE);
            check(random(rnd, 63), random(rnd, 63), d64);
        }
    }

    /** Quotient digits whose first estimate is too large exercise the add-back step of algorithm D. */
    @Test
    void nearlyEqualTopLimbs() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            int dl = 2 + rnd.nextInt(3);
            BigInteger d = BigInteger.ONE.shiftLeft(64 * dl - 1).add(random(rnd, 64 * dl - 2));
            BigInteger q = random(rnd, 128);
            BigInteger x = d.multiply(q).add(rnd.nextBoolean() ? BigInteger.ZERO : d.subtract(BigInteger.ONE))
                    .subtract(rnd.nextBoolean() ? BigInteger.ONE : BigInteger.ZERO).max(BigInteger.ZERO);
            if (x.bitLength() <= 256) {
                check(x, BigInteger.ONE, d);
                check(x, BigInteger.ONE, d.subtract(BigInteger.ONE));
            }
        }
    }

    @Test
    void outsideTheFastPathIsLeftToBigInteger() {
        assertNull(Wide.mulDiv(BigInteger.ONE.negate(), BigInteger.ONE, BigInteger.ONE, false));
        assertNull(Wide.mulDiv(TWO.pow(256), BigInteger.ONE, BigInteger.ONE, false));
        assertNull(Wide.mulDiv(BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO, false));
        assertNull(Wide.mulDiv(TWO.pow(255), BigInteger.TWO, BigInteger.ONE, false));
        BigInteger max = TWO.pow(256).subtract(BigInteger.ONE);
        assertEquals(max, Wide.mulDiv(max, max, max, true));
        assertNull(Wide.mulDiv(max, max, max.subtract(BigInteger.ONE), false));
    }

    @Test
    void limbsRoundTrip() {
        for (BigInteger x : edges()) {
            assertEquals(x, Wide.toBig(Wide.limbs(x)));
            assertEquals(x.bitLength(), Wide.bitLength(Wide.limbs(x)));
        }
        assertArrayEquals(new long[] {-1L}, Wide.limbs(TWO.pow(64).subtract(BigInteger.ONE)));
        assertArrayEquals(new long[] {0, 1}, Wide.limbs(TWO.pow(64)));
    }

    /** The reciprocal 2-by-1 division equals divlu and BigInteger on random and edge digits. */
    @Test
    void div2by1MatchesDivluAndBigInteger() {
        SplittableRandom rnd = new SplittableRandom(77);
        long[] edge = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, -2L, 0xC000_0000_0000_0000L, 0x8000_0000_FFFF_FFFFL,
            0xFFFF_FFFF_0000_0000L, 1_000_000L << 44, 999_500L << 44};
        BigInteger b64 = TWO.pow(64);
        for (int it = 0; it < 300_000; it++) {
            long d = it < 9 * 9 ? edge[it % 9] : (rnd.nextLong() | Long.MIN_VALUE) >>> (it % 3 == 0 ? 0 : 0);
            if (it % 5 == 1) {
                d = Long.MIN_VALUE | rnd.nextInt(4);
            }
            long u1 = switch (it % 4) {
                case 0 -> Long.remainderUnsigned(rnd.nextLong(), d);
                case 1 -> d - 1;
                case 2 -> 0;
                default -> rnd.nextInt(3) == 0 ? edge[it / 4 % 9] % d : Long.remainderUnsigned(rnd.nextLong() >>> rnd.nextInt(64), d);
            };
            if (Long.compareUnsigned(u1, d) >= 0) {
                u1 = d - 1;
            }
            long u0 = it % 7 == 0 ? -1L : it % 7 == 1 ? 0 : rnd.nextLong();
            long q = Wide.div2by1(u1, u0, d, Wide.reciprocal(d));
            assertEquals(Wide.divlu(u1, u0, d), q);
            BigInteger u = new BigInteger(Long.toUnsignedString(u1)).multiply(b64).add(new BigInteger(Long.toUnsignedString(u0)));
            assertEquals(u.divide(new BigInteger(Long.toUnsignedString(d))), new BigInteger(Long.toUnsignedString(q)));
        }
    }
}
