package io.consilium.agents.strategy.spi;

import io.consilium.agents.messages.PortfolioView;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;

/**
 * The strategies SPI's portfolio view over the daemon's per-strategy book: the strategy's own slice of
 * the account (its budget plus its fills), under the strategy's asset names, valued at the pools' prices.
 * Liquidity positions are not traded by the daemon, so there are none.
 */
final class LivePortfolio implements io.consilium.strategy.spi.PortfolioView {
    private final StrategyBinding binding;
    private final LiveMarket market;
    private final PortfolioView view;

    LivePortfolio(StrategyBinding binding, LiveMarket market, PortfolioView view) {
        this.binding = binding;
        this.market = market;
        this.view = view;
    }

    @Override
    public BigInteger balance(String asset) {
        return view.holdings().getOrDefault(binding.chainSymbol(asset), BigInteger.ZERO);
    }

    @Override
    public int decimals(String asset) {
        return binding.config().assets().get(asset).decimals();
    }

    @Override
    public double equity() {
        double e = 0;
        for (String a : binding.config().assets().keySet()) {
            double v = value(a);
            e += Double.isFinite(v) ? v : 0;
        }
        return e;
    }

    @Override
    public double value(String asset) {
        return new BigDecimal(balance(asset)).movePointLeft(decimals(asset)).doubleValue() * market.price(asset);
    }

    @Override
    public List<LiquidityPosition> positions() {
        return List.of();
    }

    @Override
    public BigInteger quoteUnits(double value) {
        if (!(value > 0)) {
            return BigInteger.ZERO;
        }
        return BigDecimal.valueOf(value).movePointRight(decimals(binding.config().quote()))
                .setScale(0, RoundingMode.DOWN).toBigInteger();
    }
}
