package io.consilium.chain.dex.v3;

import java.math.BigInteger;

/**
 * Outcome of a V3 swap as the Swap event reports it: amounts from the pool's view (positive = paid
 * into the pool, negative = paid out), the state after, plus the fee charged in the input token and
 * the number of initialized ticks crossed.
 */
public record SwapResult(BigInteger amount0, BigInteger amount1, BigInteger sqrtPriceX96, int tick,
                         BigInteger liquidity, BigInteger feeAmount, int ticksCrossed) {
    /** The amount the trader paid in (positive). */
    public BigInteger amountIn() {
        return amount0.signum() > 0 ? amount0 : amount1;
    }

    /** The amount the trader received (positive). */
    public BigInteger amountOut() {
        return amount0.signum() < 0 ? amount0.negate() : amount1.negate();
    }
}
