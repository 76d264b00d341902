package io.consilium.strategy.exec;

import java.math.BigInteger;

/**
 * A swap as executed (or quoted): exact amounts in base units, the pool fee in the input token,
 * and the pool's mid price before and after (quote per base).
 */
public record SwapFill(String pool, boolean sellBase, BigInteger amountIn, BigInteger amountOut, BigInteger feeIn,
                       double midBefore, double midAfter, int ticksCrossed) {

    /** Average execution price, quote per base, or NaN for an empty fill. */
    public double price(PairScale s) {
        double base = s.baseHuman(sellBase ? amountIn : amountOut);
        double quote = s.quoteHuman(sellBase ? amountOut : amountIn);
        return base == 0 ? Double.NaN : quote / base;
    }
}
