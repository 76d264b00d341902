package io.consilium.strategy.builtin;

import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.config.params.GridParams;
import io.consilium.strategy.spi.Intent;
import io.consilium.strategy.spi.MarketView;
import io.consilium.strategy.spi.PortfolioView;
import io.consilium.strategy.spi.Strategy;
import java.math.BigInteger;
import java.util.List;

/**
 * Geometric grid: for every level the price crosses downward it buys {@code orderSize} of quote's
 * worth; for every level crossed upward it sells that much (as far as the holding goes).
 */
public final class GridStrategy implements Strategy {
    private final GridParams p;
    private final String quote;
    private final double[] levels;
    private int lastBucket = -1;

    public GridStrategy(StrategyConfig cfg, GridParams p) {
        this.p = p;
        this.quote = cfg.quote();
        this.levels = new double[p.levels()];
        double ratio = p.upper() / p.lower();
        for (int i = 0; i < levels.length; i++) {
            levels[i] = p.lower() * Math.pow(ratio, (double) i / (levels.length - 1));
        }
    }

    /** Number of grid levels at or below the price. */
    int bucket(double price) {
        int b = 0;
        while (b < levels.length && levels[b] <= price) {
            b++;
        }
        return b;
    }

    @Override
    public List<Intent> decide(MarketView market, PortfolioView portfolio) {
        double price = market.price(p.asset());
        int b = bucket(price);
        int previous = lastBucket;
        lastBucket = b;
        if (previous < 0 || b == previous) {
            return List.of();
        }
        int crossed = Math.abs(b - previous);
        double value = p.orderSize().doubleValue() * crossed;
        if (b < previous) {
            BigInteger q = portfolio.quoteUnits(value).min(portfolio.balance(quote));
            return q.signum() > 0 ? List.of(new Intent.Swap(null, quote, p.asset(), q)) : List.of();
        }
        BigInteger units = io.consilium.strategy.exec.PairScale.toUnits(value / price, portfolio.decimals(p.asset()))
                .min(portfolio.balance(p.asset()));
        return units.signum() > 0 ? List.of(new Intent.Swap(null, p.asset(), quote, units)) : List.of();
    }
}
