package io.consilium.strategy.spi;

import io.consilium.strategy.config.PoolKind;

/** What a strategy may know about a pool as of now. */
public interface PoolView {

    String id();

    PoolKind kind();

    String base();

    String quote();

    int feeBps();

    /** Mid price of the pool, quote per base (human units). */
    double price();

    /** Total fees earned by the pool's liquidity providers since epoch second {@code since}, in quote units. */
    double feesSince(long since);

    /** Traded volume since epoch second {@code since}, in quote units. */
    double volumeSince(long since);

    /**
     * Value (quote units) of the pool's active liquidity if it were spread over
     * price*(1-width)..price*(1+width): a position of value C there earns C/(depth+C) of the fees.
     */
    double depth(double width);

    /** What an exact-input swap of {@code amountIn} base units would return now (a quote; nothing changes). */
    java.math.BigInteger quoteOut(boolean sellBase, java.math.BigInteger amountIn);

    /** Past mid prices of this pool, up to now. */
    PriceSeries history();
}
