package io.consilium.strategy.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.chain.dex.v2.V2Pool;
import io.consilium.chain.dex.v3.SwapResult;
import io.consilium.chain.dex.v3.V3Pool;
import io.consilium.strategy.TestFiles;
import io.consilium.strategy.config.PoolKind;
import io.consilium.strategy.config.PoolSpec;
import io.consilium.strategy.config.PoolSync;
import io.consilium.strategy.data.SwapEvent;
import io.consilium.strategy.data.SwapEventCsv;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The paper fills are the chain module's exact AMM math, and the outside-world model behaves as stated. */
class PaperFillsTest {
    static PoolSpec spec(PoolKind kind, int fee, Double range) {
        return new PoolSpec("p", kind, "ETH", "USDC", fee, null, BigDecimal.valueOf(10_000_000), range, PoolSync.MARKET, null, null, null);
    }

    @Test
    void v2FillsEqualTheChainPairSwapForSwap() {
        V2SimPool sim = new V2SimPool(spec(PoolKind.V2, 30, null), 18, 6, 2000.0);
        V2Pool ref = new V2Pool(30, reserve0(), reserve1(), reserve0().multiply(reserve1()).sqrt());
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 500; i++) {
            boolean sellBase = rnd.nextBoolean();
            BigInteger in = sellBase ? BigInteger.valueOf(rnd.nextLong(1, 50)).multiply(BigInteger.TEN.pow(17))
                    : BigInteger.valueOf(rnd.nextLong(1, 100_000)).multiply(BigInteger.TEN.pow(6));
            SwapFill f = sim.swap(sellBase, in, i);
            assertEquals(ref.swapExactIn(sellBase, in), f.amountOut(), "swap " + i);
            assertEquals(in.multiply(BigInteger.valueOf(30)).divide(BigInteger.valueOf(10_000)), f.feeIn());
        }
    }

    private static BigInteger reserve0() {
        return PairScale.toUnits(5_000_000 / 2000.0, 18);
    }

    private static BigInteger reserve1() {
        return PairScale.toUnits(5_000_000, 6);
    }

    @Test
    void v3FillsEqualTheChainPoolIncludingTickCrossings() {
        PoolSpec s = spec(PoolKind.V3, 30, 0.05);
        V3SimPool sim = new V3SimPool(s, 18, 6, 2000.0);
        V3Pool ref = new V3Pool(3000, 60, sim.pool().sqrtPriceX96());
        ref.mint(V3SimPool.BACKGROUND, lowerTick(sim), upperTick(sim), sim.pool().liquidity());
        // A second, narrower position gives initialized ticks inside the range to cross.
        for (int[] r : new int[][] {{-200400, -200220}, {-200340, -200280}, {-200520, -200100}}) {
            sim.pool().mint("x", r[0], r[1], BigInteger.TEN.pow(14));
            ref.mint("x", r[0], r[1], BigInteger.TEN.pow(14));
        }
        SplittableRandom rnd = new SplittableRandom(11);
        int crossed = 0;
        for (int i = 0; i < 400; i++) {
            // A walk that leans back to 2000 keeps the price inside the background range.
            boolean sellBase = sim.mid() > 2000 ? rnd.nextInt(4) > 0 : rnd.nextInt(4) == 0;
            BigInteger in = sellBase ? BigInteger.valueOf(rnd.nextLong(1, 2000)).multiply(BigInteger.TEN.pow(17))
                    : BigInteger.valueOf(rnd.nextLong(1, 400_000)).multiply(BigInteger.TEN.pow(6));
            SwapFill f = sim.swap(sellBase, in, i);
            SwapResult r = ref.swap(sellBase, in, V3Pool.noLimit(sellBase));
            assertEquals(r.amountOut(), f.amountOut(), "swap " + i);
            assertEquals(r.feeAmount(), f.feeIn(), "fee " + i);
            assertEquals(ref.sqrtPriceX96(), sim.pool().sqrtPriceX96());
            crossed += f.ticksCrossed();
        }
        assertTrue(crossed > 10, "the random walk crosses initialized ticks (" + crossed + ")");
    }

    private static int lowerTick(V3SimPool s) {
        return s.ticks(2000 * 0.95, 2000 * 1.05)[0];
    }

    private static int upperTick(V3SimPool s) {
        return s.ticks(2000 * 0.95, 2000 * 1.05)[1];
    }

    @Test
    void arbitrageMovesThePoolToTheMarketPrice() {
        V3SimPool v3 = new V3SimPool(spec(PoolKind.V3, 5, null), 18, 6, 2000.0);
        V2SimPool v2 = new V2SimPool(spec(PoolKind.V2, 30, null), 18, 6, 2000.0);
        for (double target : new double[] {2100, 1900.5, 2000}) {
            v3.arbitrageTo(target, 1);
            v2.arbitrageTo(target, 1);
            assertEquals(target, v3.mid(), target * 1e-9);
            assertEquals(target, v2.mid(), target * 1e-6);
        }
        assertTrue(v3.feesSince(0) > 0 && v2.feesSince(0) > 0, "arbitrage pays the LP fee");
    }

    @Test
    void replayWithoutOurLiquidityReproducesMainnetPrices() {
        List<SwapEvent> events = SwapEventCsv.load(TestFiles.shared("uniswap", "v3-events-demeter-fetch",
                "ethereum-0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8-2024-01-05.pool.tick.csv"));
        PoolSpec s = new PoolSpec("p", PoolKind.V3, "WETH", "USDC", 30, null, null, null, null, "x", "USDC", null);
        V3SimPool sim = new V3SimPool(s, 18, 6, events.getFirst());
        int exactBeforeArb = 0;
        for (int i = 1; i < events.size(); i++) {
            SwapEvent e = events.get(i);
            if (e.liquidity().equals(events.get(i - 1).liquidity())) {
                // Same active liquidity as mainnet and no tick crossed: the recorded input alone must land on mainnet's price.
                V3Pool probe = new V3Pool(3000, 60, sim.pool().sqrtPriceX96(), sim.pool().tick(), sim.pool().liquidity(),
                        BigInteger.ZERO, BigInteger.ZERO);
                boolean z = e.amount0().signum() > 0;
                SwapResult r = probe.quote(z, z ? e.amount0() : e.amount1(), V3Pool.noLimit(z));
                if (r.sqrtPriceX96().equals(e.sqrtPriceX96())) {
                    exactBeforeArb++;
                }
            }
            sim.replay(e);
            assertEquals(e.sqrtPriceX96(), sim.pool().sqrtPriceX96(), "after event " + i);
            assertEquals(e.liquidity(), sim.pool().liquidity());
        }
        assertTrue(exactBeforeArb > 200, "recorded inputs reproduce mainnet prices exactly (" + exactBeforeArb + ")");
    }

    @Test
    void swapBelowMinOutIsRefusedWithoutChangingThePool() {
        PoolSpec s = spec(PoolKind.V2, 30, null);
        SimulatedMarket market = new SimulatedMarket(
                new io.consilium.strategy.config.StrategyConfig("t", io.consilium.strategy.config.StrategyType.DCA, null, "USDC",
                        java.util.Map.of("ETH", new io.consilium.strategy.config.AssetSpec(18, null),
                                "USDC", new io.consilium.strategy.config.AssetSpec(6, null)),
                        List.of(s), null, null, null, null, null, null, null, null, null),
                java.util.Map.of("ETH", 2000.0), java.util.Map.of(), java.util.Map.of("ETH", 0, "USDC", 1));
        PaperExecutionClient exec = new PaperExecutionClient(market, () -> 0L);
        double before = exec.mid("p");
        BigInteger in = BigInteger.TEN.pow(18);
        BigInteger expected = exec.quote("p", true, in).amountOut();
        assertNull(exec.swap("p", true, in, expected.add(BigInteger.ONE)));
        assertEquals(before, exec.mid("p"));
        assertEquals(expected, exec.swap("p", true, in, expected).amountOut());
    }
}
