package io.consilium.strategy.exec;

import io.consilium.chain.dex.DexRevert;
import java.math.BigInteger;

/** A simulated pool: exact chain math for trades, plus the outside world's flow (arbitrage, recorded swaps). */
public interface SimPool extends PoolReader {

    PairScale scale();

    SwapFill swap(boolean sellBase, BigInteger amountIn, long time);

    /** Executes a swap just quoted on this pool in its current state (a pool may reuse the quote's amounts). */
    default SwapFill execute(SwapFill quoted, long time) {
        return swap(quoted.sellBase(), quoted.amountIn(), time);
    }

    /**
     * Quotes and executes in one go: the fill, or null when the pool cannot take the whole input,
     * reverts, or pays nothing or less than minOut (nothing changes then).
     */
    default SwapFill fill(boolean sellBase, BigInteger amountIn, BigInteger minOut, long time) {
        SwapFill q;
        try {
            q = quote(sellBase, amountIn);
        } catch (DexRevert e) {
            return null;
        }
        // A V3 swap that runs out of liquidity fills partly and leaves the price at the extreme: refuse it.
        if (q.amountIn().compareTo(amountIn) < 0 || q.amountOut().compareTo(minOut) < 0 || q.amountOut().signum() <= 0) {
            return null;
        }
        return execute(q, time);
    }

    /** Outside arbitrage: trade the pool to the given market price (fees go to its LPs). */
    void arbitrageTo(double price, long time);


    /** Initialized ticks crossed by all swaps so far (0 for V2). */
    default long ticksCrossed() {
        return 0;
    }
}
