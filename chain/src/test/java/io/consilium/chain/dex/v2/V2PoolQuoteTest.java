package io.consilium.chain.dex.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.consilium.chain.dex.DexRevert;
import java.math.BigInteger;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A swap that is exactly the latest quote skips the K product; it must end where the checked swap ends. */
class V2PoolQuoteTest {
    @Test
    void swapOfTheLatestQuoteEqualsTheCheckedSwapOnRandomPools() {
        SplittableRandom rnd = new SplittableRandom(5);
        Random r = new Random(5);
        for (int i = 0; i < 50_000; i++) {
            int fee = rnd.nextInt(4) == 0 ? rnd.nextInt(0, 10_000) : 30;
            BigInteger r0 = new BigInteger(1 + rnd.nextInt(112), r).add(BigInteger.ONE);
            BigInteger r1 = new BigInteger(1 + rnd.nextInt(112), r).add(BigInteger.ONE);
            BigInteger in = new BigInteger(1 + rnd.nextInt(112), r).add(BigInteger.ONE);
            boolean z = rnd.nextBoolean();
            V2Pool quoted = new V2Pool(fee, r0, r1, BigInteger.ONE);
            V2Pool checked = new V2Pool(fee, r0, r1, BigInteger.ONE);
            BigInteger out = quoted.quoteExactIn(z, in);
            // a quote of the other side leaves the checked pool on the full K check
            checked.quoteExactIn(!z, BigInteger.ONE);
            String a = attempt(quoted, z, in, out);
            String b = attempt(checked, z, in, out);
            assertEquals(b, a);
            assertEquals(checked.reserve0(), quoted.reserve0());
            assertEquals(checked.reserve1(), quoted.reserve1());
        }
    }

    @Test
    void anythingButTheLatestQuoteOnUnchangedReservesIsChecked() {
        BigInteger e18 = BigInteger.TEN.pow(18);
        V2Pool p = new V2Pool(30, e18.multiply(BigInteger.valueOf(1000)), BigInteger.valueOf(2_000_000_000_000L), BigInteger.ONE);
        BigInteger out = p.quoteExactIn(true, e18);
        assertThrows(DexRevert.class, () -> p.swap(e18, BigInteger.ZERO, BigInteger.ZERO, out.add(BigInteger.ONE)));
        p.swap(e18, BigInteger.ZERO, BigInteger.ZERO, out);
        // the reserves moved: the same amounts again are checked, and the old output is now too much
        assertThrows(DexRevert.class, () -> p.swap(e18, BigInteger.ZERO, BigInteger.ZERO, out));
    }

    private static String attempt(V2Pool p, boolean z, BigInteger in, BigInteger out) {
        try {
            if (z) {
                p.swap(in, BigInteger.ZERO, BigInteger.ZERO, out);
            } else {
                p.swap(BigInteger.ZERO, in, out, BigInteger.ZERO);
            }
            return "ok";
        } catch (DexRevert e) {
            return e.getMessage();
        }
    }
}
