package io.consilium.chain.dex.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.chain.dex.DexRevert;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class V3PoolPositionTest {
    private static final BigInteger E18 = BigInteger.TEN.pow(18);

    @Test
    void feesOfASingleInRangePositionEqualTheFeesCharged() {
        V3Pool pool = new V3Pool(3000, 60, SqrtPriceMath.Q96);
        pool.mint("a", -600, 600, E18.multiply(BigInteger.valueOf(100)));
        BigInteger fees0 = BigInteger.ZERO;
        BigInteger fees1 = BigInteger.ZERO;
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            boolean z = rnd.nextBoolean();
            SwapResult r = pool.swap(z, E18.divide(BigInteger.valueOf(rnd.nextInt(10, 1000))), V3Pool.noLimit(z));
            if (z) {
                fees0 = fees0.add(r.feeAmount());
            } else {
                fees1 = fees1.add(r.feeAmount());
            }
        }
        Amounts owed = pool.positionFeesOwed("a", -600, 600);
        // fee growth is floored per step, so the LP gets at most what was charged and loses < 1 wei per step
        assertTrue(owed.amount0().compareTo(fees0) <= 0 && fees0.subtract(owed.amount0()).compareTo(BigInteger.valueOf(400)) < 0);
        assertTrue(owed.amount1().compareTo(fees1) <= 0 && fees1.subtract(owed.amount1()).compareTo(BigInteger.valueOf(400)) < 0);
        pool.burn("a", -600, 600, BigInteger.ZERO);
        Amounts got = pool.collect("a", -600, 600, BigInteger.TWO.pow(128), BigInteger.TWO.pow(128));
        assertEquals(owed, got);
    }

    @Test
    void outOfRangePositionEarnsNothingAndBurnReturnsAtMostTheMint() {
        V3Pool pool = new V3Pool(500, 10, SqrtPriceMath.Q96);
        Amounts full = pool.mint("full", -887270, 887270, E18);
        Amounts above = pool.mint("above", 1000, 2000, E18);
        assertEquals(BigInteger.ZERO, above.amount1());
        assertTrue(above.amount0().signum() > 0);
        pool.swap(true, E18.divide(BigInteger.TEN), V3Pool.noLimit(true));
        assertEquals(new Amounts(BigInteger.ZERO, BigInteger.ZERO), pool.positionFeesOwed("above", 1000, 2000));
        Amounts out = pool.burn("above", 1000, 2000, E18);
        assertEquals(above.amount0().subtract(BigInteger.ONE), out.amount0(), "mint rounds up, burn rounds down");
        Amounts fullOut = pool.burn("full", -887270, 887270, E18);
        assertTrue(fullOut.amount0().compareTo(full.amount0()) > 0 && fullOut.amount1().compareTo(full.amount1()) < 0);
        assertEquals(0, pool.ticks().size(), "burning all liquidity clears the ticks");
    }

    @Test
    void crossingTicksChangesActiveLiquidityAndQuoteDoesNotMutate() {
        V3Pool pool = new V3Pool(3000, 60, SqrtPriceMath.Q96);
        pool.mint("a", -887220, 887220, E18);
        pool.mint("b", -120, 120, E18.multiply(BigInteger.TEN));
        BigInteger before = pool.sqrtPriceX96();
        SwapResult q = pool.quote(true, E18, V3Pool.noLimit(true));
        assertEquals(before, pool.sqrtPriceX96());
        SwapResult r = pool.swap(true, E18, V3Pool.noLimit(true));
        assertEquals(q, r);
        assertEquals(1, r.ticksCrossed());
        assertEquals(E18, pool.liquidity());
        SwapResult back = pool.swap(false, E18.multiply(BigInteger.TWO), V3Pool.noLimit(false));
        assertEquals(2, back.ticksCrossed(), "back into [-120, 120] and out above it");
        assertTrue(pool.tick() > 120);
    }

    @Test
    void refusesBadRangesWithoutChangingState() {
        V3Pool pool = new V3Pool(3000, 60, SqrtPriceMath.Q96);
        pool.mint("a", -60, 60, E18);
        assertEquals("TLU", assertThrows(DexRevert.class, () -> pool.mint("a", 60, -60, E18)).reason());
        assertEquals("LS", assertThrows(DexRevert.class, () -> pool.burn("a", -60, 60, E18.add(BigInteger.ONE))).reason());
        assertEquals(E18, pool.ticks().get(-60).liquidityGross());
        assertEquals("SPL", assertThrows(DexRevert.class, () -> pool.swap(true, E18, pool.sqrtPriceX96())).reason());
    }
}
