package io.consilium.agents.strategy.spi;

import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.PoolState;
import io.consilium.strategy.config.PoolSpec;
import io.consilium.strategy.spi.MarketView;
import io.consilium.strategy.spi.PoolView;
import io.consilium.strategy.spi.PriceSeries;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The strategies SPI's market view over the daemon's block snapshots: prices come from the strategy's
 * own pools (mapped to chain pools), history is what this daemon observed block by block since it
 * started, and nothing newer than the current block exists.
 */
public final class LiveMarket implements MarketView {
    static final int HISTORY = 20_000;

    private final StrategyBinding binding;
    private final Map<String, LiveSeries> assetHistory = new HashMap<>();
    private final Map<String, LiveSeries> poolHistory = new HashMap<>();
    private final double gasGwei;
    private MarketTick tick;

    public LiveMarket(StrategyBinding binding) {
        this.binding = binding;
        this.gasGwei = binding.config().execution().baseFeeGwei() + binding.config().execution().priorityFeeGwei();
    }

    /** Moves the view to a new block and records its prices. */
    public void update(MarketTick t) {
        this.tick = t;
        for (PoolSpec p : binding.config().pools()) {
            double px = poolPrice(p);
            if (px > 0) {
                poolHistory.computeIfAbsent(p.id(), k -> new LiveSeries(HISTORY)).add(t.timestamp(), px);
            }
        }
        for (String a : binding.config().riskyAssets()) {
            double px = price(a);
            if (px > 0) {
                assetHistory.computeIfAbsent(a, k -> new LiveSeries(HISTORY)).add(t.timestamp(), px);
            }
        }
    }

    MarketTick tick() {
        return tick;
    }

    StrategyBinding binding() {
        return binding;
    }

    /** Quote per base of a strategy pool, from the mapped chain pool (human units). */
    double poolPrice(PoolSpec p) {
        PoolState s = tick.pool(binding.chainPool(p.id()));
        if (!(s.price() > 0)) {
            return Double.NaN;
        }
        return s.token0().symbol().equals(binding.chainSymbol(p.base())) ? s.price() : 1.0 / s.price();
    }

    @Override
    public Instant now() {
        return Instant.ofEpochSecond(tick.timestamp());
    }

    @Override
    public double price(String asset) {
        if (asset.equals(binding.config().quote())) {
            return 1.0;
        }
        PoolSpec p = binding.poolFor(asset);
        return p == null ? Double.NaN : poolPrice(p);
    }

    @Override
    public PriceSeries history(String asset) {
        LiveSeries s = assetHistory.get(asset);
        return s == null ? new LiveSeries(1) : s;
    }

    @Override
    public PoolView pool(String id) {
        return new LivePool(this, binding.config().pool(id), poolHistory.getOrDefault(id, new LiveSeries(1)));
    }

    @Override
    public List<String> poolIds() {
        return binding.config().pools().stream().map(PoolSpec::id).toList();
    }

    @Override
    public String quote() {
        return binding.config().quote();
    }

    @Override
    public double gasCost(long gasUnits) {
        double eth = binding.assets().containsKey("ETH") ? price("ETH")
                : binding.assets().containsKey("WETH") ? price("WETH") : binding.config().execution().ethPrice().doubleValue();
        return gasUnits * gasGwei * 1e-9 * (eth > 0 ? eth : binding.config().execution().ethPrice().doubleValue());
    }
}
