package io.consilium.strategy.config;

import io.consilium.strategy.config.params.ArbitrageParams;
import io.consilium.strategy.config.params.DcaParams;
import io.consilium.strategy.config.params.GridParams;
import io.consilium.strategy.config.params.LpRangeParams;
import io.consilium.strategy.config.params.MeanReversionParams;
import io.consilium.strategy.config.params.MomentumParams;
import io.consilium.strategy.config.params.OpportunityParams;
import io.consilium.strategy.config.params.RebalanceParams;
import io.consilium.strategy.config.params.StrategyParams;
import java.util.Arrays;
import java.util.List;

/** The built-in strategy types, keyed by their YAML {@code type:} name, with the record their parameters bind to. */
public enum StrategyType {
    DCA("dca", DcaParams.class, "Dollar-cost averaging: buy a fixed quote amount of one asset on every scheduled tick."),
    REBALANCE("rebalance", RebalanceParams.class, "Target-weight rebalance: trade back to the weights when any weight drifts outside its band."),
    GRID("grid", GridParams.class, "Grid: buy one level down, sell one level up between a lower and an upper price."),
    MOMENTUM("momentum", MomentumParams.class, "Momentum: long while the fast moving average is above the slow one, flat otherwise."),
    MEAN_REVERSION("mean-reversion", MeanReversionParams.class, "Mean reversion: buy below the lower Bollinger band, sell back at the mean or above the upper band."),
    ARBITRAGE("arbitrage", ArbitrageParams.class, "DEX arbitrage: buy in the cheaper of two pools and sell in the dearer when the edge beats fees and gas."),
    LP_RANGE("lp-range", LpRangeParams.class, "V3 liquidity-range manager: keep a concentrated position around the price, re-centre it when the price leaves the range."),
    OPPORTUNITY("opportunity", OpportunityParams.class, "Opportunity finder: rank pools and fee tiers by fee APR net of expected impermanent loss and move the liquidity to the best.");

    private final String key;
    private final Class<? extends StrategyParams> params;
    private final String description;

    StrategyType(String key, Class<? extends StrategyParams> params, String description) {
        this.key = key;
        this.params = params;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public Class<? extends StrategyParams> paramsClass() {
        return params;
    }

    public String description() {
        return description;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(StrategyType::key).toList();
    }

    /** The type for a YAML name, or null. */
    public static StrategyType byKey(String key) {
        for (StrategyType t : values()) {
            if (t.key.equals(key)) {
                return t;
            }
        }
        return null;
    }
}
