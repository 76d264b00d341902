package io.consilium.chain.dex.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** quote + commit must leave a pool exactly where swap leaves it, tick fee growth included. */
class V3PoolCommitTest {
    private static final BigInteger E18 = BigInteger.TEN.pow(18);

    private static V3Pool pool() {
        V3Pool p = new V3Pool(500, 10, SqrtPriceMath.Q96);
        for (int k = 1; k <= 40; k++) {
            p.mint("lp" + k, -50 * k, 30 * k, E18.multiply(BigInteger.valueOf(k)));
        }
        return p;
    }

    @Test
    void commitOfAQuoteEqualsSwapOnManyRandomSwapsCrossingTicks() {
        V3Pool swapped = pool();
        V3Pool committed = pool();
        SplittableRandom rnd = new SplittableRandom(7);
        int crossed = 0;
        for (int i = 0; i < 2000; i++) {
            // lean back towards tick 0 so the walk stays inside the ranges and keeps crossing their ends
            boolean z = swapped.tick() > 0 ? rnd.nextInt(3) != 0 : rnd.nextInt(3) == 0;
            BigInteger amount = E18.multiply(BigInteger.valueOf(rnd.nextLong(1, 3_000))).divide(BigInteger.valueOf(1000));
            if (rnd.nextInt(4) == 0) {
                amount = amount.negate(); // exact output
            }
            SwapResult expected = swapped.swap(z, amount, V3Pool.noLimit(z));
            SwapResult q = committed.quote(z, amount, V3Pool.noLimit(z));
            assertEquals(expected, q);
            assertSame(q, committed.commit(q));
            crossed += expected.ticksCrossed();
            assertSameState(swapped, committed);
        }
        assertTrue(crossed > 100, "the swaps must cross initialized ticks: " + crossed);
        for (int k = 1; k <= 40; k++) {
            assertEquals(swapped.positionFeesOwed("lp" + k, -50 * k, 30 * k), committed.positionFeesOwed("lp" + k, -50 * k, 30 * k));
        }
    }

    @Test
    void onlyTheLatestQuoteOfAnUnchangedPoolCanBeCommitted() {
        V3Pool p = pool();
        SwapResult first = p.quote(true, E18, V3Pool.noLimit(true));
        SwapResult second = p.quote(false, E18, V3Pool.noLimit(false));
        assertThrows(IllegalStateException.class, () -> p.commit(first));
        p.swap(true, E18, V3Pool.noLimit(true));
        assertThrows(IllegalStateException.class, () -> p.commit(second));
        SwapResult third = p.quote(false, E18, V3Pool.noLimit(false));
        p.mint("late", -100, 100, E18);
        assertThrows(IllegalStateException.class, () -> p.commit(third));
        SwapResult fourth = p.quote(false, E18, V3Pool.noLimit(false));
        p.commit(fourth);
        assertThrows(IllegalStateException.class, () -> p.commit(fourth), "a quote commits once");
    }

    private static void assertSameState(V3Pool a, V3Pool b) {
        assertEquals(a.sqrtPriceX96(), b.sqrtPriceX96());
        assertEquals(a.tick(), b.tick());
        assertEquals(a.liquidity(), b.liquidity());
        assertEquals(a.feeGrowthGlobal0X128(), b.feeGrowthGlobal0X128());
        assertEquals(a.feeGrowthGlobal1X128(), b.feeGrowthGlobal1X128());
        assertEquals(a.ticks().keySet(), b.ticks().keySet());
        for (Map.Entry<Integer, TickInfo> e : a.ticks().entrySet()) {
            TickInfo o = b.ticks().get(e.getKey());
            assertEquals(e.getValue().feeGrowthOutside0X128(), o.feeGrowthOutside0X128(), "tick " + e.getKey());
            assertEquals(e.getValue().feeGrowthOutside1X128(), o.feeGrowthOutside1X128(), "tick " + e.getKey());
            assertEquals(e.getValue().liquidityNet(), o.liquidityNet());
        }
    }
}
