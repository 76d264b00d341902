package io.consilium.strategy.exec;

import io.consilium.strategy.config.PoolSpec;
import java.math.BigInteger;

/**
 * What the trading kernel reads from a pool: its spec, mid price, quotes and fee statistics. A
 * simulated pool is one; a live daemon implements it over chain snapshots.
 */
public interface PoolReader {

    PoolSpec spec();

    /** Mid price, quote per base. */
    double mid();

    SwapFill quote(boolean sellBase, BigInteger amountIn);

    double feesSince(long since);

    double volumeSince(long since);

    /** Value of the active liquidity spread over price*(1-w)..price*(1+w), quote units. */
    double depth(double width);
}
