package io.consilium.strategy.exec;

import io.consilium.strategy.config.PoolSpec;
import java.math.BigInteger;

/** A simulated pool: exact chain math for trades, plus the outside world's flow (arbitrage, recorded swaps). */
public interface SimPool {

    PoolSpec spec();

    PairScale scale();

    /** Mid price, quote per base. */
    double mid();

    SwapFill quote(boolean sellBase, BigInteger amountIn);

    SwapFill swap(boolean sellBase, BigInteger amountIn, long time);

    /** Executes a swap just quoted on this pool in its current state (a pool may reuse the quote's amounts). */
    default SwapFill execute(SwapFill quoted, long time) {
        return swap(quoted.sellBase(), quoted.amountIn(), time);
    }

    /** Outside arbitrage: trade the pool to the given market price (fees go to its LPs). */
    void arbitrageTo(double price, long time);

    double feesSince(long since);

    double volumeSince(long since);

    /** Value of the active liquidity spread over price*(1-w)..price*(1+w), quote units. */
    double depth(double width);

    /** Initialized ticks crossed by all swaps so far (0 for V2). */
    default long ticksCrossed() {
        return 0;
    }
}
