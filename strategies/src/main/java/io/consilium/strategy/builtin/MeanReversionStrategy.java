package io.consilium.strategy.builtin;

import io.consilium.strategy.config.params.MeanReversionParams;
import io.consilium.strategy.spi.Intent;
import io.consilium.strategy.spi.MarketView;
import io.consilium.strategy.spi.PortfolioView;
import io.consilium.strategy.spi.PriceSeries;
import io.consilium.strategy.spi.Strategy;
import java.util.List;
import java.util.Map;

/** Bollinger mean reversion: buy below mean - k*sd; sell once the price is back at the mean (or above the upper band). */
public final class MeanReversionStrategy implements Strategy {
    private final MeanReversionParams p;

    public MeanReversionStrategy(MeanReversionParams p) {
        this.p = p;
    }

    @Override
    public List<Intent> decide(MarketView market, PortfolioView portfolio) {
        PriceSeries h = market.history(p.asset());
        if (h.size() < p.window()) {
            return List.of();
        }
        double mean = h.mean(p.window());
        double sd = h.stdev(p.window());
        double price = h.last();
        boolean holding = portfolio.weight(p.asset()) > 0.01;
        if (!holding && price < mean - p.k() * sd) {
            return List.of(new Intent.RebalanceToWeights(Map.of(p.asset(), p.allocation())));
        }
        if (holding && price >= mean) {
            return List.of(new Intent.RebalanceToWeights(Map.of(p.asset(), 0.0)));
        }
        return List.of();
    }
}
