package io.consilium.strategy.config.params;

import io.consilium.strategy.config.Checks;
import io.consilium.strategy.config.Doc;
import io.consilium.strategy.config.Range;
import io.consilium.strategy.config.Required;

@Doc("Momentum: hold `allocation` of equity in the asset while the fast simple moving average is above the slow one.")
public record MomentumParams(
        @Required @Doc("Asset traded against the quote.") String asset,
        @Range(min = 1, max = 10000) @Doc("Fast moving-average length in events. Default 10.") Integer fast,
        @Range(min = 2, max = 10000) @Doc("Slow moving-average length in events. Default 30.") Integer slow,
        @Range(min = 0, max = 1) @Doc("Share of equity held in the asset while long. Default 1.") Double allocation) implements StrategyParams {

    public MomentumParams {
        fast = fast == null ? 10 : fast;
        slow = slow == null ? 30 : slow;
        allocation = allocation == null ? 1.0 : allocation;
    }

    @Override
    public void check(Checks c) {
        c.riskyAsset(asset, "/parameters/asset");
        c.require(fast < slow, "/parameters/fast", "fast (" + fast + ") must be shorter than slow (" + slow + ")");
    }
}
