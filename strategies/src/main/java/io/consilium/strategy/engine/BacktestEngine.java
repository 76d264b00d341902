package io.consilium.strategy.engine;

import io.consilium.strategy.config.PoolSpec;
import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.data.Bars;
import io.consilium.strategy.data.MarketDataSet;
import io.consilium.strategy.data.SwapEvent;
import io.consilium.strategy.exec.GasModel;
import io.consilium.strategy.exec.PaperExecutionClient;
import io.consilium.strategy.exec.PairScale;
import io.consilium.strategy.exec.SimPool;
import io.consilium.strategy.exec.SimulatedMarket;
import io.consilium.strategy.spi.Strategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays market data through the {@link TradingKernel} (strategy → risk/execution engine →
 * execution client) with a paper execution client on simulated pools. The
 * strategy is called with views that hold only what has been replayed so far; the execution client
 * and the clock are the only backtest-specific parts.
 */
public final class BacktestEngine {
    private final StrategyConfig cfg;
    private final Strategy strategy;
    private final MarketDataSet data;

    public BacktestEngine(StrategyConfig cfg, Strategy strategy, MarketDataSet data) {
        this.cfg = cfg;
        this.strategy = strategy;
        this.data = data;
    }

    public BacktestResult run() {
        Bars bars = data.bars();
        Map<String, Double> start = startPrices(bars);
        List<String> assets = new ArrayList<>(cfg.riskyAssets());
        assets.add(cfg.quote());
        Map<String, Integer> assetIndex = new LinkedHashMap<>();
        for (int i = 0; i < assets.size(); i++) {
            assetIndex.put(assets.get(i), i);
        }
        long expected = bars == null ? 0 : bars.size();
        for (List<SwapEvent> e : data.events().values()) {
            expected += e.size();
        }
        int hint = (int) Math.min(expected, 1 << 26);
        SimulatedMarket sim = new SimulatedMarket(cfg, start, data.events(), assetIndex, hint);
        long[] clock = {Long.MIN_VALUE};
        PaperExecutionClient exec = new PaperExecutionClient(sim, () -> clock[0]);
        TradingKernel kernel = new TradingKernel(cfg, strategy, sim.pools(), exec, new GasModel(cfg.execution()), hint);

        // Which source sets each risky asset's market price: bars, else the first replaying pool of it.
        int nRisky = assets.size() - 1;
        double[][] barClose = new double[nRisky][];
        String[] replaySource = new String[nRisky];
        for (int i = 0; i < nRisky; i++) {
            String a = assets.get(i);
            if (bars != null && bars.close().containsKey(a)) {
                barClose[i] = bars.close().get(a);
            } else {
                for (PoolSpec p : cfg.pools()) {
                    if (p.base().equals(a) && p.replaysEvents()) {
                        replaySource[i] = p.id();
                        break;
                    }
                }
            }
            kernel.setPrice(i, replaySource[i] != null ? sim.pool(replaySource[i]).mid() : start.get(a));
        }
        kernel.setPrice(nRisky, 1.0);

        HistoricalFeed feed = new HistoricalFeed(bars, data.events());
        HistoricalFeed.Sink sink = new HistoricalFeed.Sink() {
            @Override
            public void bar(int index, long time) {
                clock[0] = time;
                kernel.setTime(time);
                for (int i = 0; i < nRisky; i++) {
                    if (barClose[i] != null) {
                        kernel.setPrice(i, barClose[i][index]);
                    }
                }
                sim.syncToMarket(kernel.prices(), time);
            }

            @Override
            public void swap(String pool, SwapEvent e) {
                clock[0] = e.time();
                kernel.setTime(e.time());
                sim.replay(pool, e);
                for (int i = 0; i < nRisky; i++) {
                    if (pool.equals(replaySource[i])) {
                        kernel.setPrice(i, sim.pool(pool).mid());
                    }
                }
                sim.syncToMarket(kernel.prices(), e.time());
            }
        };
        while (feed.next(sink)) {
            kernel.onEvent();
        }
        return kernel.result(data.notes(), sim.pools().values().stream().mapToLong(SimPool::ticksCrossed).sum());
    }

    private Map<String, Double> startPrices(Bars bars) {
        Map<String, Double> start = new LinkedHashMap<>();
        if (bars != null) {
            bars.close().forEach((a, c) -> start.put(a, c[0]));
        }
        for (PoolSpec p : cfg.pools()) {
            if (p.replaysEvents() && !start.containsKey(p.base())) {
                SwapEvent first = data.events().get(p.id()).getFirst();
                PairScale s = new PairScale(cfg.assets().get(p.base()).decimals(), cfg.assets().get(p.quote()).decimals(),
                        p.token0().equals(p.base()));
                start.put(p.base(), s.humanFromSqrtX96(first.sqrtPriceX96()));
            }
        }
        for (String a : cfg.riskyAssets()) {
            if (!start.containsKey(a)) {
                throw new io.consilium.strategy.StrategyUserError("asset " + a
                        + " has no price: add it to the bar file (data.columns) or give a pool with events for it");
            }
        }
        return start;
    }

}
