package io.consilium.strategy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.strategy.TestFiles;
import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.config.StrategyConfigs;
import io.consilium.strategy.data.MarketDataSet;
import io.consilium.strategy.spi.Intent;
import io.consilium.strategy.spi.MarketView;
import io.consilium.strategy.spi.PortfolioView;
import io.consilium.strategy.spi.PriceSeries;
import io.consilium.strategy.spi.Strategy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A strategy that tries to read ahead gets nothing newer than the event being processed. */
class LookAheadTest {

    /** Records what it could see and tries every way the SPI offers to look further. */
    static final class Peeker implements Strategy {
        final List<Long> nows = new ArrayList<>();
        final List<Double> seen = new ArrayList<>();
        int peeksRefused;

        @Override
        public List<Intent> decide(MarketView market, PortfolioView portfolio) {
            long now = market.now().getEpochSecond();
            nows.add(now);
            for (String asset : List.of("ETH")) {
                PriceSeries h = market.history(asset);
                assertEquals(now, h.time(h.size() - 1), "the last observation is now");
                for (int i = 0; i < h.size(); i++) {
                    assertTrue(h.time(i) <= now, "nothing after now");
                }
                assertEquals(h.size(), h.indexAtOrAfter(now + 1), "no observation after now exists");
                try {
                    h.price(h.size());
                } catch (IndexOutOfBoundsException e) {
                    peeksRefused++;
                }
                seen.add(h.last());
                assertEquals(market.price(asset), h.last());
            }
            PriceSeries pool = market.pool(market.poolIds().getFirst()).history();
            assertEquals(now, pool.time(pool.size() - 1));
            assertThrows(IndexOutOfBoundsException.class, () -> pool.time(pool.size()));
            return List.of();
        }
    }

    @Test
    void strategySeesOnlyThePastAndPresent() {
        StrategyConfig cfg = StrategyConfigs.load(TestFiles.examples().resolve("eth-usdc-rebalance.yaml"));
        MarketDataSet data = MarketDataSet.load(cfg, null, null, null);
        Peeker peeker = new Peeker();
        BacktestResult r = new BacktestEngine(cfg, peeker, data).run();
        assertEquals(data.bars().size(), peeker.nows.size());
        assertEquals(peeker.nows.size(), peeker.peeksRefused);
        double[] close = data.bars().close().get("ETH");
        for (int i = 0; i < close.length; i++) {
            assertEquals(data.bars().times()[i], peeker.nows.get(i));
            assertEquals(close[i], peeker.seen.get(i), "at event i the strategy sees bar i's close, never a later one");
        }
        assertEquals(0, r.trades().size());
    }

    @Test
    void recordedSwapsAreAlsoRevealedOneByOne() {
        StrategyConfig cfg = StrategyConfigs.load(TestFiles.examples().resolve("opportunity.yaml"));
        MarketDataSet data = MarketDataSet.load(cfg, null, null, null);
        List<Long> nows = new ArrayList<>();
        Strategy s = (market, portfolio) -> {
            long now = market.now().getEpochSecond();
            for (String id : market.poolIds()) {
                PriceSeries h = market.pool(id).history();
                assertTrue(h.time(h.size() - 1) <= now);
                assertEquals(0.0, market.pool(id).feesSince(now + 1), "no fees from the future");
            }
            nows.add(now);
            return List.of();
        };
        new BacktestEngine(cfg, s, data).run();
        for (int i = 1; i < nows.size(); i++) {
            assertTrue(nows.get(i) >= nows.get(i - 1), "time never goes back");
        }
        assertTrue(nows.size() > 20);
    }
}
