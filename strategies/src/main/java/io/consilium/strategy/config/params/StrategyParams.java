package io.consilium.strategy.config.params;

import io.consilium.strategy.config.Checks;

/** Parameters of one built-in strategy type; {@link #check} adds the cross-key rules the annotations cannot state. */
public sealed interface StrategyParams permits DcaParams, RebalanceParams, GridParams, MomentumParams,
        MeanReversionParams, ArbitrageParams, LpRangeParams, OpportunityParams {

    void check(Checks c);
}
