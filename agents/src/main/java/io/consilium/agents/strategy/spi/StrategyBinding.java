package io.consilium.agents.strategy.spi;

import io.consilium.strategy.config.PoolSpec;
import io.consilium.strategy.config.StrategyConfig;
import java.util.Map;

/**
 * A strategy YAML bound to the chain the daemon trades on: each of the strategy's asset names maps to
 * a chain token symbol (ETH → WETH, or as the daemon config says) and each of its pools to a watched
 * chain pool ("V3:WETH/USDC:500"), so the same YAML backtests on bars and trades on a chain.
 */
public record StrategyBinding(StrategyConfig config, Map<String, String> assets, Map<String, String> pools) {
    public StrategyBinding {
        assets = Map.copyOf(assets);
        pools = Map.copyOf(pools);
    }

    public String name() {
        return config.name();
    }

    public String chainSymbol(String asset) {
        String s = assets.get(asset);
        if (s == null) {
            throw new IllegalArgumentException("strategy " + name() + " has no asset " + asset);
        }
        return s;
    }

    public String chainPool(String poolId) {
        String p = pools.get(poolId);
        if (p == null) {
            throw new IllegalArgumentException("strategy " + name() + " has no pool " + poolId);
        }
        return p;
    }

    /** The first of the strategy's pools trading {@code base} against its quote, or null. */
    public PoolSpec poolFor(String base) {
        for (PoolSpec p : config.pools()) {
            if (p.base().equals(base) && p.quote().equals(config.quote())) {
                return p;
            }
        }
        return null;
    }
}
