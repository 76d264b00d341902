package io.consilium.strategy.config.params;

import io.consilium.strategy.config.Checks;
import io.consilium.strategy.config.Doc;
import io.consilium.strategy.config.Range;
import io.consilium.strategy.config.Required;
import java.math.BigDecimal;

@Doc("Arbitrage between two pools of the same pair: buy the base where it is cheaper, sell it where it is dearer, sized to maximise profit net of fees and gas.")
public record ArbitrageParams(
        @Required @Doc("First pool id.") String poolA,
        @Required @Doc("Second pool id (same base and quote).") String poolB,
        @Required @Range(min = 0) @Doc("Largest quote amount put into one round trip, human units.") BigDecimal maxTrade,
        @Range(min = 0) @Doc("Smallest profit worth taking, in quote units after gas. Default 0.") BigDecimal minProfit) implements StrategyParams {

    public ArbitrageParams {
        minProfit = minProfit == null ? BigDecimal.ZERO : minProfit;
    }

    @Override
    public void check(Checks c) {
        c.pool(poolA, "/parameters/poolA");
        c.pool(poolB, "/parameters/poolB");
        c.require(!poolA.equals(poolB), "/parameters/poolB", "poolB must differ from poolA");
        c.samePair(poolA, poolB, "/parameters/poolB");
    }
}
