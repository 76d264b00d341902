package io.consilium.strategy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.config.StrategyConfigs;
import io.consilium.strategy.data.Bars;
import io.consilium.strategy.data.MarketDataSet;
import io.consilium.strategy.spi.Intent;
import io.consilium.strategy.spi.Strategy;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's risk limits and gas model, on a falling market where the strategy goes all in at once. */
class RiskAndGasTest {
    @TempDir
    Path tmp;

    static final double[] PRICES = {100, 95, 90, 85, 79, 70, 60, 50, 55, 60};

    static String yaml(String risk, String execution) {
        return """
                name: risk
                type: dca
                quote: USDC
                assets:
                  ETH: {decimals: 18}
                  USDC: {decimals: 6}
                pools:
                  - {id: p, kind: v2, base: ETH, quote: USDC, feeBps: 30, liquidity: 100000000}
                data: {bars: x.csv}
                capital: {USDC: 100000}
                parameters: {asset: ETH, amount: 1}
                risk: %s
                execution: %s
                """.formatted(risk, execution);
    }

    static MarketDataSet bars() {
        long[] t = new long[PRICES.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1_700_000_000L + 86400L * i;
        }
        Map<String, double[]> c = Map.of("ETH", PRICES);
        return new MarketDataSet(new Bars(t, c, c, c, c, Map.of("ETH", new double[t.length]), 86400, List.of()), Map.of(), List.of());
    }

    /** Spends all the quote on ETH on the first decision, then holds. */
    static Strategy allIn() {
        return new Strategy() {
            boolean done;

            @Override
            public List<Intent> decide(io.consilium.strategy.spi.MarketView m, io.consilium.strategy.spi.PortfolioView p) {
                if (done) {
                    return List.of();
                }
                done = true;
                return List.of(new Intent.Swap(null, "USDC", "ETH", p.balance("USDC").multiply(BigInteger.valueOf(99)).divide(BigInteger.valueOf(100))));
            }
        };
    }

    static BacktestResult run(String risk, String execution) {
        StrategyConfig cfg = StrategyConfigs.parse(yaml(risk, execution), "risk.yaml", null);
        return new BacktestEngine(cfg, allIn(), bars()).run();
    }

    @Test
    void stopLossSellsAtTheFirstPriceBelowTheLimit() {
        BacktestResult r = run("{stopLoss: 0.2}", "{}");
        assertEquals(2, r.trades().size());
        Trade stop = r.trades().get(1);
        assertEquals("stop-loss", stop.reason());
        assertEquals(Trade.Kind.SELL, stop.kind());
        // Entry ~100.3 (fee and impact included); 79 is the first close at or below 80.2.
        assertEquals(1_700_000_000L + 4 * 86400L, stop.time());
        assertTrue(stop.pnl() < 0);
    }

    @Test
    void drawdownHaltLiquidatesAndStopsDeciding() {
        BacktestResult r = run("{maxDrawdownHalt: 0.25}", "{}");
        assertNotNull(r.haltedAt());
        assertEquals(1_700_000_000L + 5 * 86400L, r.haltedAt());
        assertEquals("max-drawdown halt", r.trades().getLast().reason());
        double[] e = r.curve().equity();
        assertEquals(e[e.length - 1], e[e.length - 3], 1e-9, "flat in the quote asset after the halt");
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("trading halted")));
    }

    @Test
    void maxPositionCapsTheBuy() {
        BacktestResult r = run("{maxPosition: 0.5}", "{}");
        // The strategy asked for 99,000 USDC of ETH; at most half the 100,000 equity may go into it.
        assertEquals(1, r.trades().size());
        assertEquals(50_000.0, r.trades().getFirst().quoteAmount().doubleValue() / 1e6, 1.0);
    }

    @Test
    void gasCapAndSlippageLimitRefuseOrdersBeforeSending() {
        BacktestResult capped = run("{}", "{baseFeeGwei: 80, maxGasGwei: 50}");
        assertEquals(0, capped.trades().size());
        assertTrue(capped.rejections().getFirst().reason().contains("gas 81.0 gwei above the cap 50.0"));
        BacktestResult slip = run("{}", "{maxSlippage: 0.001}");
        assertEquals(0, slip.trades().size());
        assertTrue(slip.rejections().getFirst().reason().contains("max slippage"));
        assertEquals(100000.0, slip.curve().equity()[slip.curve().size() - 1], 1e-9, "a refused order costs nothing");
    }

    @Test
    void gasFollowsTheBaseFeeSeries() throws IOException {
        Path series = tmp.resolve("fees.csv");
        Files.writeString(series, "timestamp,gwei\n1700000000,10\n1700086400,100\n");
        BacktestResult r = run("{}", "{baseFeeSeries: " + series + ", priorityFeeGwei: 0, swapGas: 100000}");
        // 100,000 gas * 10 gwei = 0.001 ETH at the first close of 100 = 0.1 USDC.
        assertEquals(BigInteger.valueOf(100_000), r.trades().getFirst().gas());
        String msg = org.junit.jupiter.api.Assertions.assertThrows(io.consilium.strategy.StrategyUserError.class,
                () -> run("{}", "{baseFeeSeries: " + tmp.resolve("none.csv") + "}")).getMessage();
        assertTrue(msg.contains("execution.baseFeeSeries") && msg.contains("not found"), msg);
    }
}
