package io.consilium.strategy.builtin;

import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.config.params.DcaParams;
import io.consilium.strategy.spi.Intent;
import io.consilium.strategy.spi.MarketView;
import io.consilium.strategy.spi.PortfolioView;
import io.consilium.strategy.spi.Strategy;
import java.math.BigInteger;
import java.util.List;

/** Buys a fixed quote amount of one asset on every scheduled decision while the quote lasts. */
public final class DcaStrategy implements Strategy {
    private final DcaParams p;
    private final String quote;

    public DcaStrategy(StrategyConfig cfg, DcaParams p) {
        this.p = p;
        this.quote = cfg.quote();
    }

    @Override
    public List<Intent> decide(MarketView market, PortfolioView portfolio) {
        BigInteger amount = p.amount().movePointRight(portfolio.decimals(quote)).toBigInteger()
                .min(portfolio.balance(quote));
        if (amount.signum() <= 0) {
            return List.of();
        }
        return List.of(new Intent.Swap(p.pool(), quote, p.asset(), amount));
    }
}
