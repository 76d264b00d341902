package io.consilium.strategy.builtin;

import io.consilium.strategy.config.params.MomentumParams;
import io.consilium.strategy.spi.Intent;
import io.consilium.strategy.spi.MarketView;
import io.consilium.strategy.spi.PortfolioView;
import io.consilium.strategy.spi.PriceSeries;
import io.consilium.strategy.spi.Strategy;
import java.util.List;
import java.util.Map;

/** Moving-average crossover: long {@code allocation} of equity while fast SMA > slow SMA, flat otherwise. */
public final class MomentumStrategy implements Strategy {
    private final MomentumParams p;

    public MomentumStrategy(MomentumParams p) {
        this.p = p;
    }

    @Override
    public List<Intent> decide(MarketView market, PortfolioView portfolio) {
        PriceSeries h = market.history(p.asset());
        if (h.size() < p.slow()) {
            return List.of();
        }
        boolean up = h.mean(p.fast()) > h.mean(p.slow());
        double w = portfolio.weight(p.asset());
        if (up && w < p.allocation() - 0.02) {
            return List.of(new Intent.RebalanceToWeights(Map.of(p.asset(), p.allocation())));
        }
        if (!up && w > 0.01) {
            return List.of(new Intent.RebalanceToWeights(Map.of(p.asset(), 0.0)));
        }
        return List.of();
    }
}
