package io.consilium.strategy.config.params;

import io.consilium.strategy.config.Checks;
import io.consilium.strategy.config.Doc;
import io.consilium.strategy.config.Range;
import io.consilium.strategy.config.Required;
import java.util.List;

@Doc("Opportunity finder: every decision, rank the V3 pools by fee APR (observed fees / liquidity over the lookback) minus expected impermanent loss (from realised volatility and the range width), and keep the liquidity in the best one.")
public record OpportunityParams(
        @Required @Doc("Candidate V3 pool ids.") List<String> pools,
        @Range(min = 0.0005, max = 10) @Doc("Half-width of the range provided, as a fraction of the price. Default 0.05.") Double width,
        @Doc("Window for fee APR and volatility: e.g. 1h, 6h, 1d. Default 6h.") String lookback,
        @Range(min = 0, max = 100) @Doc("Move only when the best pool's net APR beats the current one by this much (0.05 = 5 points). Default 0.05.") Double minImprovement,
        @Range(min = 0, max = 1) @Doc("Share of equity put into liquidity. Default 0.9.") Double allocation) implements StrategyParams {

    public OpportunityParams {
        width = width == null ? 0.05 : width;
        lookback = lookback == null ? "6h" : lookback;
        minImprovement = minImprovement == null ? 0.05 : minImprovement;
        allocation = allocation == null ? 0.9 : allocation;
    }

    @Override
    public void check(Checks c) {
        c.require(!pools.isEmpty(), "/parameters/pools", "list at least one pool");
        for (int i = 0; i < pools.size(); i++) {
            c.v3Pool(pools.get(i), "/parameters/pools/" + i);
        }
        c.duration(lookback, "/parameters/lookback");
    }
}
