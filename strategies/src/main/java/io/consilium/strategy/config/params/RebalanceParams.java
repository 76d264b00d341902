package io.consilium.strategy.config.params;

import io.consilium.strategy.config.Checks;
import io.consilium.strategy.config.Doc;
import io.consilium.strategy.config.Range;
import io.consilium.strategy.config.Required;
import java.util.Map;

@Doc("Target-weight rebalance with drift bands.")
public record RebalanceParams(
        @Required @Doc("Asset -> target weight of equity (quote included); the weights sum to 1.") Map<String, Double> weights,
        @Range(min = 0.0001, max = 1) @Doc("Rebalance when any weight is this far (absolute) from its target. Default 0.05.") Double band) implements StrategyParams {

    public RebalanceParams {
        band = band == null ? 0.05 : band;
    }

    @Override
    public void check(Checks c) {
        double sum = 0;
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            c.asset(e.getKey(), "/parameters/weights/" + e.getKey());
            c.require(e.getValue() != null && e.getValue() >= 0 && e.getValue() <= 1,
                    "/parameters/weights/" + e.getKey(), "weight must be between 0 and 1");
            sum += e.getValue() == null ? 0 : e.getValue();
        }
        c.require(Math.abs(sum - 1.0) < 1e-9, "/parameters/weights",
                "weights must sum to 1 (they sum to " + sum + ")");
    }
}
