package io.consilium.strategy.spi;

import java.math.BigInteger;
import java.util.List;

/** The strategy's own holdings, valued at the current market prices. */
public interface PortfolioView {

    /** Free balance (not in a liquidity position) in base units. */
    BigInteger balance(String asset);

    int decimals(String asset);

    /** Total value in quote units (human), liquidity positions and uncollected fees included. */
    double equity();

    /** Value in quote units of the free balance of one asset. */
    double value(String asset);

    /** Share of equity held as the free balance of the asset. */
    default double weight(String asset) {
        double e = equity();
        return e <= 0 ? 0 : value(asset) / e;
    }

    List<LiquidityPosition> positions();

    /** Converts a quote-unit (human) value to base units of the quote asset. */
    BigInteger quoteUnits(double value);

    /** A concentrated-liquidity position held by the strategy. */
    record LiquidityPosition(long id, String pool, double lowerPrice, double upperPrice, BigInteger liquidity,
                             double value, double feesValue) {
    }
}
