package io.consilium.strategy.exec;

import java.math.BigInteger;

/**
 * Where orders go. The backtest uses {@link PaperExecutionClient} on simulated pools; a live or
 * paper daemon implements the same calls through the sandbox. Quotes never change state; a swap
 * whose output would be below {@code minOut} is refused before anything is sent (returns null).
 */
public interface ExecutionClient {

    SwapFill quote(String pool, boolean sellBase, BigInteger amountIn);

    /** The pool's mid price now, quote per base. */
    double mid(String pool);

    /** Executes an exact-input swap, or returns null when the output would be below minOut or the pool cannot fill it. */
    SwapFill swap(String pool, boolean sellBase, BigInteger amountIn, BigInteger minOut);

    /** Opens a V3 position with at most the given amounts; null when no liquidity can be minted. */
    MintFill mint(String pool, double lowerPrice, double upperPrice, BigInteger baseMax, BigInteger quoteMax);

    BurnFill burn(long positionId);

    PositionValue value(long positionId);

    /** The [base, quote] human amounts one unit of liquidity needs on this range at the current price (the mint ratio). */
    double[] amountsPerLiquidity(String pool, double lowerPrice, double upperPrice);
}
