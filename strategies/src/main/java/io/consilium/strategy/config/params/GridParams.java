package io.consilium.strategy.config.params;

import io.consilium.strategy.config.Checks;
import io.consilium.strategy.config.Doc;
import io.consilium.strategy.config.Range;
import io.consilium.strategy.config.Required;
import java.math.BigDecimal;

@Doc("Grid: `levels` prices spaced geometrically between `lower` and `upper`; buy when the price crosses a level down, sell when it crosses one up.")
public record GridParams(
        @Required @Doc("Asset traded against the quote.") String asset,
        @Required @Range(min = 0) @Doc("Lowest grid price (quote per asset).") Double lower,
        @Required @Range(min = 0) @Doc("Highest grid price.") Double upper,
        @Range(min = 2, max = 1000) @Doc("Number of grid levels. Default 10.") Integer levels,
        @Required @Range(min = 0) @Doc("Quote amount traded per level crossed, human units.") BigDecimal orderSize) implements StrategyParams {

    public GridParams {
        levels = levels == null ? 10 : levels;
    }

    @Override
    public void check(Checks c) {
        c.riskyAsset(asset, "/parameters/asset");
        c.require(lower < upper, "/parameters/upper", "upper (" + upper + ") must be above lower (" + lower + ")");
    }
}
