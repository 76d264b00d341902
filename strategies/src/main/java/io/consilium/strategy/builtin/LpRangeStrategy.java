package io.consilium.strategy.builtin;

import io.consilium.strategy.config.params.LpRangeParams;
import io.consilium.strategy.spi.Intent;
import io.consilium.strategy.spi.MarketView;
import io.consilium.strategy.spi.PortfolioView;
import io.consilium.strategy.spi.Strategy;
import java.util.List;

/**
 * Keeps one concentrated position on price*(1-width)..price*(1+width). When the price has moved
 * {@code recenterAt} of the way (in log terms) from the range's centre to its edge, the position is
 * closed (fees collected, impermanent loss realised) and re-opened around the new price.
 */
public final class LpRangeStrategy implements Strategy {
    private final LpRangeParams p;

    public LpRangeStrategy(LpRangeParams p) {
        this.p = p;
    }

    @Override
    public List<Intent> decide(MarketView market, PortfolioView portfolio) {
        double price = market.pool(p.pool()).price();
        PortfolioView.LiquidityPosition open = portfolio.positions().stream()
                .filter(x -> x.pool().equals(p.pool())).findFirst().orElse(null);
        if (open != null && !needsRecentre(open, price, p.recenterAt())) {
            return List.of();
        }
        Intent add = new Intent.AddLiquidity(p.pool(), price * (1 - p.width()), price * (1 + p.width()),
                portfolio.quoteUnits(portfolio.equity() * p.allocation()));
        return open == null ? List.of(add) : List.of(Intent.RemoveLiquidity.all(p.pool()), add);
    }

    static boolean needsRecentre(PortfolioView.LiquidityPosition pos, double price, double recenterAt) {
        double centre = Math.sqrt(pos.lowerPrice() * pos.upperPrice());
        double half = Math.log(pos.upperPrice() / centre);
        return Math.abs(Math.log(price / centre)) >= recenterAt * half;
    }
}
