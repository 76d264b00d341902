package io.consilium.strategy.engine;

import io.consilium.strategy.config.Durations;
import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.exec.ExecutionClient;
import io.consilium.strategy.exec.GasModel;
import io.consilium.strategy.exec.PoolReader;
import io.consilium.strategy.spi.Intent;
import io.consilium.strategy.spi.MarketView;
import io.consilium.strategy.spi.PortfolioView;
import io.consilium.strategy.spi.Strategy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one decision path shared by backtest and live: on every market event it records what is now
 * visible, enforces the risk rules (drawdown halt, stop-loss), asks the strategy when the schedule
 * says so, and turns its intents into orders for the execution client. The caller supplies the
 * clock (event times), the prices and the pools; a backtest feeds recorded data and a paper
 * execution client, a daemon live data and the sandbox.
 */
public final class TradingKernel {
    private final StrategyConfig cfg;
    private final Strategy strategy;
    private final List<String> assets;
    private final MarketState market;
    private final Portfolio book;
    private final ExecutionEngine engine;
    private final EquityCurve curve;
    private final double[] values;
    private final String[] risky;
    private final long interval;
    private final int warmup;
    private final RiskRules rules;
    private double[] benchUnits;
    private double peak;
    private long lastDecision = Long.MIN_VALUE;
    private long events;
    private int decisions;
    private Long haltedAt;
    private boolean liquidated;

    /**
     * @param pools every pool of the config by id, as the market-data side sees it
     */
    public TradingKernel(StrategyConfig cfg, Strategy strategy, Map<String, ? extends PoolReader> pools,
                         ExecutionClient exec, GasModel gas) {
        this(cfg, strategy, pools, exec, gas, 0);
    }

    /**
     * @param expectedEvents how many events will come, when known (a replay): the per-event
     *                       histories are sized for them once instead of doubling as they grow
     */
    public TradingKernel(StrategyConfig cfg, Strategy strategy, Map<String, ? extends PoolReader> pools,
                         ExecutionClient exec, GasModel gas, int expectedEvents) {
        this.cfg = cfg;
        this.strategy = strategy;
        List<String> names = new ArrayList<>(cfg.riskyAssets());
        names.add(cfg.quote());
        this.assets = List.copyOf(names);
        this.market = new MarketState(assets, cfg.quote(), pools, expectedEvents);
        int[] decimals = new int[assets.size()];
        BigInteger[] initial = new BigInteger[assets.size()];
        for (int i = 0; i < assets.size(); i++) {
            decimals[i] = cfg.assets().get(assets.get(i)).decimals();
            BigDecimal c = cfg.capital().get(assets.get(i));
            initial[i] = c == null ? BigInteger.ZERO : c.movePointRight(decimals[i]).toBigIntegerExact();
        }
        this.book = new Portfolio(market, decimals, initial, exec);
        this.engine = new ExecutionEngine(cfg, market, book, exec, gas);
        market.gasCost = units -> book.human(book.quoteIndex, engine.gasCostQuote(units, market.now));
        this.curve = new EquityCurve(assets.size(), expectedEvents + 1);
        this.values = new double[assets.size()];
        this.risky = cfg.riskyAssets().toArray(String[]::new);
        this.interval = Durations.parse(cfg.schedule().interval()).toSeconds();
        this.warmup = cfg.schedule().warmup();
        this.rules = new RiskRules(cfg.risk());
    }

    /** Risky assets in config order, then the quote asset: the index order of {@link #setPrice}. */
    public List<String> assets() {
        return assets;
    }

    /** Sets the market price (quote per unit) of asset i before the event that reveals it. */
    public void setPrice(int asset, double price) {
        market.prices[asset] = price;
    }

    public double price(int asset) {
        return market.prices[asset];
    }

    /** Prices of all assets by index, for market makers that sync pools to them (read-only use). */
    public double[] prices() {
        return market.prices;
    }

    /** Sets the clock: what happens until {@link #onEvent} belongs to this time (pool updates, fills). */
    public void setTime(long epochSecond) {
        market.now = epochSecond;
    }

    /** Processes one market event at the current time. */
    public void onEvent() {
        events++;
        long now = market.now;
        market.observe(now);
        double equity = book.equity();
        if (benchUnits == null) {
            benchUnits = benchmark(equity);
            // Holdings brought in as capital enter the books at the first price, and the curve
            // starts with the capital before any trade.
            for (int i = 0; i < risky.length; i++) {
                book.cost[i] = book.valueOf(i);
            }
            record(now);
        }
        peak = Math.max(peak, equity);
        if (haltedAt != null && !liquidated) {
            liquidated = engine.liquidate("max-drawdown halt");
        }
        if (haltedAt == null) {
            if (rules.halts(equity, peak)) {
                liquidated = engine.liquidate("max-drawdown halt");
                haltedAt = now;
            } else {
                stopLosses();
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
            record(now);
        }
    }

    public MarketView market() {
        return market;
    }

    public PortfolioView portfolio() {
        return book;
    }

    /** The run so far as a result; {@code notes} are the data notes, the halt note is added here. */
    public BacktestResult result(List<String> notes, long ticksCrossed) {
        List<String> all = new ArrayList<>(notes);
        if (haltedAt != null) {
            all.add("trading halted at " + Instant.ofEpochSecond(haltedAt) + ": drawdown beyond " + cfg.risk().maxDrawdownHalt());
        }
        return new BacktestResult(cfg, assets, assets.getFirst(), curve, engine.trades.snapshot(),
                List.copyOf(engine.rejections), List.copyOf(all), events, decisions, haltedAt, ticksCrossed);
    }

    private void record(long time) {
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

    private void stopLosses() {
        if (!rules.hasStopLoss()) {
            return;
        }
        for (String a : risky) {
            int i = market.idx(a);
            if (rules.stopsOut(book.signum(i) > 0, market.prices[i], book.averagePrice(i))) {
                engine.sellAll(a, "stop-loss");
            }
        }
    }

    /** Units of each asset the benchmark holds: the first equity spread over the weights at the first prices. */
    private double[] benchmark(double equity) {
        Map<String, Double> w = cfg.benchmark().weights();
        if (w == null) {
            w = Map.of(assets.getFirst(), 1.0);
        }
        double[] units = new double[assets.size()];
        for (int i = 0; i < assets.size(); i++) {
            units[i] = w.getOrDefault(assets.get(i), 0.0) * equity / market.prices[i];
        }
        return units;
    }
}
