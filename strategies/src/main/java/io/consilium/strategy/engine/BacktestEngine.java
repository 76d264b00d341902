package io.consilium.strategy.engine;

import io.consilium.strategy.config.Durations;
import io.consilium.strategy.config.PoolSpec;
import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.data.Bars;
import io.consilium.strategy.data.MarketDataSet;
import io.consilium.strategy.data.SwapEvent;
import io.consilium.strategy.exec.GasModel;
import io.consilium.strategy.exec.PaperExecutionClient;
import io.consilium.strategy.exec.PairScale;
import io.consilium.strategy.exec.SimulatedMarket;
import io.consilium.strategy.spi.Intent;
import io.consilium.strategy.spi.Strategy;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays market data through strategy → risk/execution engine → paper execution client. The
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
        List<String> assets = new ArrayList<>(cfg.riskyAssets());
        assets.add(cfg.quote());
        Map<String, Integer> assetIndex = new LinkedHashMap<>();
        for (int i = 0; i < assets.size(); i++) {
            assetIndex.put(assets.get(i), i);
        }
        Bars bars = data.bars();
        Map<String, Double> start = startPrices(bars);
        SimulatedMarket sim = new SimulatedMarket(cfg, start, data.events(), assetIndex);
        MarketState market = new MarketState(assets, cfg.quote(), sim.pools());
        PaperExecutionClient exec = new PaperExecutionClient(sim, () -> market.now);
        int[] decimals = new int[assets.size()];
        BigInteger[] initial = new BigInteger[assets.size()];
        for (int i = 0; i < assets.size(); i++) {
            int d = cfg.assets().get(assets.get(i)).decimals();
            decimals[i] = d;
            java.math.BigDecimal c = cfg.capital().get(assets.get(i));
            initial[i] = c == null ? BigInteger.ZERO : c.movePointRight(d).toBigIntegerExact();
        }
        Portfolio book = new Portfolio(market, decimals, initial, exec);
        ExecutionEngine engine = new ExecutionEngine(cfg, market, book, exec, new GasModel(cfg.execution()));
        market.gasCost = units -> book.human(book.quoteIndex, engine.gasCostQuote(units, market.now));

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
            if (barClose[i] == null && replaySource[i] == null) {
                market.prices[i] = start.get(a);
            }
        }
        for (int i = 0; i < nRisky; i++) {
            if (replaySource[i] != null) {
                market.prices[i] = sim.pool(replaySource[i]).mid();
            }
        }

        long interval = Durations.parse(cfg.schedule().interval()).toSeconds();
        int warmup = cfg.schedule().warmup();
        EquityCurve curve = new EquityCurve(assets.size());
        HistoricalFeed feed = new HistoricalFeed(bars, data.events());
        double[] values = new double[assets.size()];
        double[] benchUnits = null;
        double peak = 0;
        long lastDecision = Long.MIN_VALUE;
        long events = 0;
        int decisions = 0;
        Long haltedAt = null;
        boolean liquidated = false;
        String[] riskyNames = cfg.riskyAssets().toArray(String[]::new);
        HistoricalFeed.Sink sink = new HistoricalFeed.Sink() {
            @Override
            public void bar(int index, long time) {
                market.now = time;
                for (int i = 0; i < nRisky; i++) {
                    if (barClose[i] != null) {
                        market.prices[i] = barClose[i][index];
                    }
                }
                sim.syncToMarket(market.prices, time);
            }

            @Override
            public void swap(String pool, SwapEvent e) {
                market.now = e.time();
                sim.replay(pool, e);
                for (int i = 0; i < nRisky; i++) {
                    if (pool.equals(replaySource[i])) {
                        market.prices[i] = sim.pool(pool).mid();
                    }
                }
                sim.syncToMarket(market.prices, e.time());
            }
        };
        while (feed.next(sink)) {
            events++;
            long now = market.now;
            market.observe(now);
            double equity = book.equity();
            if (benchUnits == null) {
                benchUnits = benchmark(assets, market.prices, equity);
                // Holdings brought in as capital enter the books at the first price, and the curve
                // starts with the capital before any trade.
                for (int i = 0; i < nRisky; i++) {
                    book.cost[i] = book.valueOf(i);
                }
                record(curve, book, market, assets, values, benchUnits, now);
            }
            peak = Math.max(peak, equity);
            if (haltedAt != null && !liquidated) {
                liquidated = engine.liquidate("max-drawdown halt");
            }
            if (haltedAt == null) {
                Double halt = cfg.risk().maxDrawdownHalt();
                if (halt != null && equity < peak * (1 - halt)) {
                    liquidated = engine.liquidate("max-drawdown halt");
                    haltedAt = now;
                } else {
                    stopLosses(engine, book, market, riskyNames);
                    if (events > warmup && (lastDecision == Long.MIN_VALUE || now - lastDecision >= interval)) {
                        List<Intent> intents = strategy.decide(market, book);
                        decisions++;
                        lastDecision = now;
                        if (intents != null && !intents.isEmpty()) {
                            engine.execute(intents, "strategy");
                        }
                    }
                }
            }
            if (events > 1) {
                record(curve, book, market, assets, values, benchUnits, now);
            }
        }
        List<String> notes = new ArrayList<>(data.notes());
        if (haltedAt != null) {
            notes.add("trading halted at " + Instant.ofEpochSecond(haltedAt) + ": drawdown beyond "
                    + cfg.risk().maxDrawdownHalt());
        }
        return new BacktestResult(cfg, List.copyOf(assets), assets.getFirst(), curve, List.copyOf(engine.trades),
                List.copyOf(engine.rejections), List.copyOf(notes), events, decisions, haltedAt,
                sim.pools().values().stream().mapToLong(io.consilium.strategy.exec.SimPool::ticksCrossed).sum());
    }

    private static void record(EquityCurve curve, Portfolio book, MarketState market, List<String> assets,
                               double[] values, double[] benchUnits, long time) {
        double lp = book.positions.isEmpty() ? 0 : book.positionsValue();
        double total = lp;
        double bench = 0;
        for (int i = 0; i < assets.size(); i++) {
            values[i] = book.valueOf(i);
            total += values[i];
            bench += benchUnits[i] * market.prices[i];
        }
        curve.add(time, total, bench, market.prices[0], values, lp);
    }

    private void stopLosses(ExecutionEngine engine, Portfolio book, MarketState market, String[] risky) {
        Double stop = cfg.risk().stopLoss();
        if (stop == null) {
            return;
        }
        for (String a : risky) {
            int i = market.idx(a);
            double avg = book.averagePrice(i);
            if (book.balances[i].signum() > 0 && market.prices[i] <= avg * (1 - stop)) {
                engine.sellAll(a, "stop-loss");
            }
        }
    }

    /** Units of each asset the benchmark holds: the first equity spread over the weights at the first prices. */
    private double[] benchmark(List<String> assets, double[] prices, double equity) {
        Map<String, Double> w = cfg.benchmark().weights();
        if (w == null) {
            w = Map.of(assets.getFirst(), 1.0);
        }
        double[] units = new double[assets.size()];
        for (int i = 0; i < assets.size(); i++) {
            units[i] = w.getOrDefault(assets.get(i), 0.0) * equity / prices[i];
        }
        return units;
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
