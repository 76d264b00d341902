package io.consilium.strategy;

import io.consilium.strategy.builtin.ArbitrageStrategy;
import io.consilium.strategy.builtin.DcaStrategy;
import io.consilium.strategy.builtin.GridStrategy;
import io.consilium.strategy.builtin.LpRangeStrategy;
import io.consilium.strategy.builtin.MeanReversionStrategy;
import io.consilium.strategy.builtin.MomentumStrategy;
import io.consilium.strategy.builtin.OpportunityStrategy;
import io.consilium.strategy.builtin.RebalanceStrategy;
import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.config.params.ArbitrageParams;
import io.consilium.strategy.config.params.DcaParams;
import io.consilium.strategy.config.params.GridParams;
import io.consilium.strategy.config.params.LpRangeParams;
import io.consilium.strategy.config.params.MeanReversionParams;
import io.consilium.strategy.config.params.MomentumParams;
import io.consilium.strategy.config.params.OpportunityParams;
import io.consilium.strategy.config.params.RebalanceParams;
import io.consilium.strategy.spi.Strategy;

/**
 * Makes a fresh strategy instance from a validated config (see
 * {@link io.consilium.strategy.config.StrategyConfigs#load}). Each call returns a new object, so
 * parallel runs never share state.
 */
public final class Strategies {
    private Strategies() {
    }

    public static Strategy create(StrategyConfig cfg) {
        return switch (cfg.parameters()) {
            case DcaParams p -> new DcaStrategy(cfg, p);
            case RebalanceParams p -> new RebalanceStrategy(p);
            case GridParams p -> new GridStrategy(cfg, p);
            case MomentumParams p -> new MomentumStrategy(p);
            case MeanReversionParams p -> new MeanReversionStrategy(p);
            case ArbitrageParams p -> new ArbitrageStrategy(cfg, p);
            case LpRangeParams p -> new LpRangeStrategy(p);
            case OpportunityParams p -> new OpportunityStrategy(p);
        };
    }
}
