package io.consilium.strategy.config;

/** Limits the engine enforces on every strategy's intents, whatever the strategy asks for. */
public record RiskSpec(
        @Range(min = 0, max = 1) @Doc("Largest share of equity one risky asset may reach through a buy (default 1).") Double maxPosition,
        @Range(min = 0.001, max = 1) @Doc("Sell an asset when its price falls this fraction below the average entry price; absent = off.") Double stopLoss,
        @Range(min = 0.001, max = 1) @Doc("Liquidate to the quote asset and stop trading when equity falls this fraction below its peak; absent = off.") Double maxDrawdownHalt) {

    public RiskSpec {
        maxPosition = maxPosition == null ? 1.0 : maxPosition;
    }

    public static RiskSpec defaults() {
        return new RiskSpec(null, null, null);
    }
}
