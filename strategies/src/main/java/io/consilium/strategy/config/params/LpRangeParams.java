package io.consilium.strategy.config.params;

import io.consilium.strategy.config.Checks;
import io.consilium.strategy.config.Doc;
import io.consilium.strategy.config.Range;
import io.consilium.strategy.config.Required;

@Doc("V3 range manager: provide liquidity on price*(1-width)..price*(1+width) and re-centre when the price moves `recenterAt` of the half-range away from the centre.")
public record LpRangeParams(
        @Required @Doc("V3 pool id.") String pool,
        @Range(min = 0.0005, max = 10) @Doc("Half-width of the range as a fraction of the price. Default 0.1.") Double width,
        @Range(min = 0.05, max = 1) @Doc("Re-centre when the price has moved this fraction of the half-width from the centre (1 = when it leaves the range). Default 1.") Double recenterAt,
        @Range(min = 0, max = 1) @Doc("Share of equity put into the position. Default 0.9.") Double allocation) implements StrategyParams {

    public LpRangeParams {
        width = width == null ? 0.1 : width;
        recenterAt = recenterAt == null ? 1.0 : recenterAt;
        allocation = allocation == null ? 0.9 : allocation;
    }

    @Override
    public void check(Checks c) {
        c.v3Pool(pool, "/parameters/pool");
    }
}
