package io.consilium.strategy.engine;

import io.consilium.strategy.config.PoolKind;
import io.consilium.strategy.exec.PoolReader;
import io.consilium.strategy.spi.MarketView;
import io.consilium.strategy.spi.PoolView;
import io.consilium.strategy.spi.PriceSeries;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The market as the strategy sees it: prices and histories up to the event being processed. */
final class MarketState implements MarketView {
    final String[] assets;
    final Map<String, Integer> index = new LinkedHashMap<>();
    final double[] prices;
    private final SeriesBuffer.Clock clock;
    private final SeriesBuffer[] history;
    private final Map<String, PoolState> pools = new LinkedHashMap<>();
    private final PoolState[] poolArray;
    private final String quote;
    long now;
    java.util.function.LongToDoubleFunction gasCost = units -> 0;

    MarketState(List<String> assetNames, String quote, Map<String, ? extends PoolReader> simPools) {
        this(assetNames, quote, simPools, 0);
    }

    /** @param expectedEvents room reserved in the histories, or 0 */
    MarketState(List<String> assetNames, String quote, Map<String, ? extends PoolReader> simPools, int expectedEvents) {
        this.assets = assetNames.toArray(String[]::new);
        this.quote = quote;
        this.prices = new double[assets.length];
        this.history = new SeriesBuffer[assets.length];
        this.clock = new SeriesBuffer.Clock(expectedEvents);
        for (int i = 0; i < assets.length; i++) {
            index.put(assets[i], i);
            history[i] = new SeriesBuffer(clock);
            if (assets[i].equals(quote)) {
                prices[i] = 1.0;
            }
        }
        simPools.forEach((id, p) -> pools.put(id, new PoolState(p, new SeriesBuffer(clock))));
        this.poolArray = pools.values().toArray(PoolState[]::new);
    }

    /** Records the prices of this event: appended to the histories (the only way data becomes visible). */
    void observe(long time) {
        now = time;
        // every series observes at every event: one shared time, a value each (a repeated time replaces the values)
        int at = clock.tick(time);
        for (int i = 0; i < assets.length; i++) {
            history[i].set(at, prices[i]);
        }
        for (PoolState p : poolArray) {
            p.series.set(at, p.pool.mid());
        }
    }

    @Override
    public Instant now() {
        return Instant.ofEpochSecond(now);
    }

    @Override
    public double price(String asset) {
        return prices[idx(asset)];
    }

    @Override
    public PriceSeries history(String asset) {
        return history[idx(asset)];
    }

    @Override
    public PoolView pool(String id) {
        PoolState p = pools.get(id);
        if (p == null) {
            throw new IllegalArgumentException("no pool " + id);
        }
        return p;
    }

    @Override
    public List<String> poolIds() {
        return List.copyOf(pools.keySet());
    }

    @Override
    public String quote() {
        return quote;
    }

    @Override
    public double gasCost(long gasUnits) {
        return gasCost.applyAsDouble(gasUnits);
    }

    int idx(String asset) {
        // a strategy asks for the same asset (often the same String) on every event
        if (asset == lastAsset) {
            return lastIndex;
        }
        Integer i = index.get(asset);
        if (i == null) {
            throw new IllegalArgumentException("unknown asset " + asset);
        }
        lastAsset = asset;
        lastIndex = i;
        return i;
    }

    private String lastAsset;
    private int lastIndex;

    /** A pool seen through the view: price, fee statistics and depth up to now. */
    private static final class PoolState implements PoolView {
        final PoolReader pool;
        final SeriesBuffer series;

        PoolState(PoolReader pool, SeriesBuffer series) {
            this.pool = pool;
            this.series = series;
        }

        @Override
        public String id() {
            return pool.spec().id();
        }

        @Override
        public PoolKind kind() {
            return pool.spec().kind();
        }

        @Override
        public String base() {
            return pool.spec().base();
        }

        @Override
        public String quote() {
            return pool.spec().quote();
        }

        @Override
        public int feeBps() {
            return pool.spec().feeBps();
        }

        @Override
        public double price() {
            return pool.mid();
        }

        @Override
        public double feesSince(long since) {
            return pool.feesSince(since);
        }

        @Override
        public double volumeSince(long since) {
            return pool.volumeSince(since);
        }

        @Override
        public double depth(double width) {
            return pool.depth(width);
        }

        @Override
        public java.math.BigInteger quoteOut(boolean sellBase, java.math.BigInteger amountIn) {
            return amountIn.signum() <= 0 ? java.math.BigInteger.ZERO : pool.quote(sellBase, amountIn).amountOut();
        }

        @Override
        public PriceSeries history() {
            return series;
        }
    }
}
