package io.consilium.strategy.exec;

import java.math.BigInteger;

/** A simulated pool: exact chain math for trades, plus the outside world's flow (arbitrage, recorded swaps). */
public interface SimPool extends PoolReader {

    PairScale scale();

    SwapFill swap(boolean sellBase, BigInteger amountIn, long time);

    /** Executes a swap just quoted on this pool in its current state (a pool may reuse the quote's amounts). */
    default SwapFill execute(SwapFill quoted, long time) {
        return swap(quoted.sellBase(), quoted.amountIn(), time);
    }

    /** Outside arbitrage: trade the pool to the given market price (fees go to its LPs). */
    void arbitrageTo(double price, long time);


    /** Initialized ticks crossed by all swaps so far (0 for V2). */
    default long ticksCrossed() {
        return 0;
    }
}
