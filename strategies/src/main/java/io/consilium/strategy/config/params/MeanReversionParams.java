package io.consilium.strategy.config.params;

import io.consilium.strategy.config.Checks;
import io.consilium.strategy.config.Doc;
import io.consilium.strategy.config.Range;
import io.consilium.strategy.config.Required;

@Doc("Mean reversion on Bollinger bands: buy below mean - k*sd, sell when the price is back at the mean or above mean + k*sd.")
public record MeanReversionParams(
        @Required @Doc("Asset traded against the quote.") String asset,
        @Range(min = 2, max = 10000) @Doc("Band window in events. Default 20.") Integer window,
        @Range(min = 0.1, max = 10) @Doc("Band width in standard deviations. Default 2.") Double k,
        @Range(min = 0, max = 1) @Doc("Share of equity bought on an entry. Default 1.") Double allocation) implements StrategyParams {

    public MeanReversionParams {
        window = window == null ? 20 : window;
        k = k == null ? 2.0 : k;
        allocation = allocation == null ? 1.0 : allocation;
    }

    @Override
    public void check(Checks c) {
        c.riskyAsset(asset, "/parameters/asset");
    }
}
