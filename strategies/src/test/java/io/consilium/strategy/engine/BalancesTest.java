package io.consilium.strategy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Limb balances equal BigInteger arithmetic: sums, comparisons, signs and doubles, across ±2^63 and ±2^126. */
class BalancesTest {
    private static final BigInteger TWO = BigInteger.TWO;

    private static List<BigInteger> edges() {
        List<BigInteger> e = new ArrayList<>();
        for (int b : new int[] {0, 1, 52, 53, 62, 63, 64, 65, 72, 125, 126, 127, 130}) {
            for (BigInteger x : new BigInteger[] {TWO.pow(b), TWO.pow(b).subtract(BigInteger.ONE), TWO.pow(b).add(BigInteger.ONE)}) {
                e.add(x);
                e.add(x.negate());
            }
        }
        e.add(BigInteger.ZERO);
        return e;
    }

    private static BigInteger random(SplittableRandom rnd, List<BigInteger> edges) {
        int k = rnd.nextInt(10);
        if (k == 0) {
            return edges.get(rnd.nextInt(edges.size()));
        }
        int bits = k < 6 ? rnd.nextInt(1, 63) : rnd.nextInt(1, 131);
        BigInteger x = new BigInteger(bits, new java.util.Random(rnd.nextLong()));
        return rnd.nextInt(4) == 0 ? x.negate() : x;
    }

    @Test
    void everyOperationEqualsBigIntegerArithmetic() {
        SplittableRandom rnd = new SplittableRandom(21);
        List<BigInteger> edges = edges();
        int n = 4;
        for (int round = 0; round < 200; round++) {
            BigInteger[] ref = new BigInteger[n];
            for (int i = 0; i < n; i++) {
                ref[i] = random(rnd, edges);
            }
            Balances b = new Balances(ref.clone());
            for (int step = 0; step < 500; step++) {
                int i = rnd.nextInt(n);
                BigInteger p = rnd.nextInt(3) == 0 ? null : random(rnd, edges);
                BigInteger m1 = rnd.nextInt(3) == 0 ? null : random(rnd, edges);
                BigInteger m2 = rnd.nextInt(3) == 0 ? null : random(rnd, edges);
                String at = "round " + round + " step " + step + " balance " + ref[i] + " args " + p + " " + m1 + " " + m2;
                BigInteger after = ref[i].subtract(z(m1)).subtract(z(m2));
                assertEquals(after.signum(), b.compareAfter(i, m1, m2), at);
                if (rnd.nextBoolean()) {
                    ref[i] = ref[i].add(z(p)).subtract(z(m1)).subtract(z(m2));
                    b.addSub(i, p, m1, m2);
                }
                if (rnd.nextInt(4) == 0) {
                    // a balance read as a BigInteger, then changed again: the view must not go stale
                    assertEquals(ref[i], b.get(i), at);
                }
                assertEquals(ref[i].signum(), b.signum(i), at);
                assertEquals(ref[i].doubleValue(), b.toDouble(i), at);
                if (rnd.nextInt(50) == 0) {
                    for (int k = 0; k < n; k++) {
                        assertEquals(ref[k], b.get(k), at);
                    }
                }
            }
        }
    }

    private static BigInteger z(BigInteger x) {
        return x == null ? BigInteger.ZERO : x;
    }
}
