package io.consilium.strategy.builtin;

import io.consilium.strategy.config.params.RebalanceParams;
import io.consilium.strategy.spi.Intent;
import io.consilium.strategy.spi.MarketView;
import io.consilium.strategy.spi.PortfolioView;
import io.consilium.strategy.spi.Strategy;
import java.util.List;
import java.util.Map;

/** Rebalances to the target weights when any asset's weight drifts more than the band from its target. */
public final class RebalanceStrategy implements Strategy {
    private final RebalanceParams p;

    public RebalanceStrategy(RebalanceParams p) {
        this.p = p;
    }

    @Override
    public List<Intent> decide(MarketView market, PortfolioView portfolio) {
        for (Map.Entry<String, Double> e : p.weights().entrySet()) {
            if (Math.abs(portfolio.weight(e.getKey()) - e.getValue()) > p.band()) {
                return List.of(new Intent.RebalanceToWeights(p.weights()));
            }
        }
        return List.of();
    }
}
