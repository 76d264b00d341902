package io.consilium.strategy.data;

import java.math.BigInteger;

/**
 * One recorded Uniswap V3 Swap log: amounts from the pool's view (+ into the pool), and the pool's
 * state after it (sqrtPriceX96, active liquidity, tick).
 */
public record SwapEvent(long time, long block, int logIndex, BigInteger amount0, BigInteger amount1,
                        BigInteger sqrtPriceX96, BigInteger liquidity, int tick) {
}
