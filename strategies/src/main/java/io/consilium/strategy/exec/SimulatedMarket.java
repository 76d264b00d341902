package io.consilium.strategy.exec;

import io.consilium.strategy.config.AssetSpec;
import io.consilium.strategy.config.PoolKind;
import io.consilium.strategy.config.PoolSpec;
import io.consilium.strategy.config.PoolSync;
import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.data.SwapEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backtest's stand-in for the chain: every pool of the YAML, simulated with exact math, plus
 * the outside world's trades (arbitrage to the market price, recorded mainnet swaps).
 */
public final class SimulatedMarket {
    private final Map<String, SimPool> pools = new LinkedHashMap<>();
    private final SimPool[] synced;
    private final int[] syncedAsset;

    /**
     * @param startPrices base asset -> first market price (for simulated pools)
     * @param events pool id -> recorded swaps (for replaying pools)
     * @param assetIndex asset symbol -> index in the price arrays passed to {@link #syncToMarket}
     */
    public SimulatedMarket(StrategyConfig cfg, Map<String, Double> startPrices, Map<String, List<SwapEvent>> events,
                           Map<String, Integer> assetIndex) {
        this(cfg, startPrices, events, assetIndex, 0);
    }

    /** @param expectedEvents events the replay will have (room reserved for per-event statistics), or 0 */
    public SimulatedMarket(StrategyConfig cfg, Map<String, Double> startPrices, Map<String, List<SwapEvent>> events,
                           Map<String, Integer> assetIndex, int expectedEvents) {
        List<SimPool> sync = new java.util.ArrayList<>();
        for (PoolSpec p : cfg.pools()) {
            AssetSpec b = cfg.assets().get(p.base());
            AssetSpec q = cfg.assets().get(p.quote());
            SimPool sim;
            if (p.replaysEvents()) {
                sim = new V3SimPool(p, b.decimals(), q.decimals(), events.get(p.id()).getFirst());
            } else if (p.kind() == PoolKind.V3) {
                sim = new V3SimPool(p, b.decimals(), q.decimals(), startPrices.get(p.base()));
            } else {
                sim = new V2SimPool(p, b.decimals(), q.decimals(), startPrices.get(p.base()));
            }
            // a market-synced pool trades on nearly every event, a replaying one on its own swaps
            int samples = p.replaysEvents() ? Math.min(expectedEvents, events.get(p.id()).size()) : expectedEvents;
            if (sim instanceof V2SimPool v2) {
                v2.reserve(samples);
            } else if (sim instanceof V3SimPool v3) {
                v3.reserve(samples);
            }
            pools.put(p.id(), sim);
            if (!p.replaysEvents() && p.sync() == PoolSync.MARKET) {
                sync.add(sim);
            }
        }
        this.synced = sync.toArray(SimPool[]::new);
        this.syncedAsset = new int[synced.length];
        for (int i = 0; i < synced.length; i++) {
            syncedAsset[i] = assetIndex.get(synced[i].spec().base());
        }
    }

    public SimPool pool(String id) {
        // orders and mids ask for the same pool id (the same String) many times per event
        if (id == lastId) {
            return lastPool;
        }
        SimPool p = pools.get(id);
        if (p == null) {
            throw new IllegalArgumentException("no pool " + id);
        }
        lastId = id;
        lastPool = p;
        return p;
    }

    private String lastId;
    private SimPool lastPool;

    V3SimPool v3(String id) {
        if (pool(id) instanceof V3SimPool v) {
            return v;
        }
        throw new IllegalArgumentException("pool " + id + " is not a v3 pool");
    }

    public Map<String, SimPool> pools() {
        return pools;
    }

    /** Outside arbitrageurs move every market-synced pool to the market price of its base asset. */
    public void syncToMarket(double[] prices, long time) {
        for (int i = 0; i < synced.length; i++) {
            synced[i].arbitrageTo(prices[syncedAsset[i]], time);
        }
    }

    public void replay(String poolId, SwapEvent e) {
        v3(poolId).replay(e);
    }
}
