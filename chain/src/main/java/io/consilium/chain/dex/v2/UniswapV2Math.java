package io.consilium.chain.dex.v2;

import io.consilium.chain.dex.DexRevert;
import io.consilium.chain.dex.Wide;
import java.math.BigInteger;

/**
 * UniswapV2Library's pricing functions with the fee in basis points (30 = the canonical 0.3%).
 * With fee 30 the results equal the contract's 997/1000 form exactly: both numerator and denominator
 * are scaled by the same factor 10, so the integer quotient is unchanged.
 */
public final class UniswapV2Math {
    public static final int DEFAULT_FEE_BPS = 30;
    private static final BigInteger BPS = BigInteger.valueOf(10_000);

    private UniswapV2Math() {}

    /** Output for an exact input: amountIn*(1-fee)*reserveOut / (reserveIn + amountIn*(1-fee)), floored. */
    public static BigInteger getAmountOut(BigInteger amountIn, BigInteger reserveIn, BigInteger reserveOut, int feeBps) {
        if (amountIn.signum() <= 0) {
            throw new DexRevert("UniswapV2Library: INSUFFICIENT_INPUT_AMOUNT");
        }
        requireReserves(reserveIn, reserveOut);
        BigInteger fast = amountOutWide(amountIn, reserveIn, reserveOut, feeBps);
        if (fast != null) {
            return fast;
        }
        BigInteger amountInWithFee = amountIn.multiply(feeFactor(feeBps));
        BigInteger numerator = amountInWithFee.multiply(reserveOut);
        BigInteger denominator = reserveIn.multiply(BPS).add(amountInWithFee);
        return numerator.divide(denominator);
    }

    /**
     * The same quotient on 64-bit limbs (no BigInteger intermediates); null when an input is wider
     * than 224 bits, where the BigInteger form above takes over. Inputs are positive here.
     */
    static BigInteger amountOutWide(BigInteger amountIn, BigInteger reserveIn, BigInteger reserveOut, int feeBps) {
        if (amountIn.bitLength() > 224 || reserveIn.bitLength() > 224 || reserveOut.bitLength() > 224) {
            return null;
        }
        long[] withFee = Wide.mul(Wide.limbs(amountIn), new long[] {10_000L - checkedFee(feeBps)});
        long[] numerator = Wide.mul(withFee, Wide.limbs(reserveOut));
        long[] denominator = Wide.add(Wide.mul(Wide.limbs(reserveIn), new long[] {10_000L}), withFee);
        return Wide.toBig(Wide.divide(numerator, denominator, false));
    }

    public static BigInteger getAmountOut(BigInteger amountIn, BigInteger reserveIn, BigInteger reserveOut) {
        return getAmountOut(amountIn, reserveIn, reserveOut, DEFAULT_FEE_BPS);
    }

    /** Input needed for an exact output, rounded up by the contract's "+1". */
    public static BigInteger getAmountIn(BigInteger amountOut, BigInteger reserveIn, BigInteger reserveOut, int feeBps) {
        if (amountOut.signum() <= 0) {
            throw new DexRevert("UniswapV2Library: INSUFFICIENT_OUTPUT_AMOUNT");
        }
        requireReserves(reserveIn, reserveOut);
        if (amountOut.compareTo(reserveOut) >= 0) {
            // the contract would divide by zero or underflow here
            throw new DexRevert("UniswapV2Library: INSUFFICIENT_LIQUIDITY");
        }
        BigInteger numerator = reserveIn.multiply(amountOut).multiply(BPS);
        BigInteger denominator = reserveOut.subtract(amountOut).multiply(feeFactor(feeBps));
        return numerator.divide(denominator).add(BigInteger.ONE);
    }

    public static BigInteger getAmountIn(BigInteger amountOut, BigInteger reserveIn, BigInteger reserveOut) {
        return getAmountIn(amountOut, reserveIn, reserveOut, DEFAULT_FEE_BPS);
    }

    /** The equivalent amount of the other asset at the current reserves, no fee (for adding liquidity). */
    public static BigInteger quote(BigInteger amountA, BigInteger reserveA, BigInteger reserveB) {
        if (amountA.signum() <= 0) {
            throw new DexRevert("UniswapV2Library: INSUFFICIENT_AMOUNT");
        }
        requireReserves(reserveA, reserveB);
        return amountA.multiply(reserveB).divide(reserveA);
    }

    private static BigInteger feeFactor(int feeBps) {
        return BigInteger.valueOf(10_000L - checkedFee(feeBps));
    }

    private static int checkedFee(int feeBps) {
        if (feeBps < 0 || feeBps >= 10_000) {
            throw new IllegalArgumentException("fee must be in [0, 10000) bps: " + feeBps);
        }
        return feeBps;
    }

    private static void requireReserves(BigInteger reserveIn, BigInteger reserveOut) {
        if (reserveIn.signum() <= 0 || reserveOut.signum() <= 0) {
            throw new DexRevert("UniswapV2Library: INSUFFICIENT_LIQUIDITY");
        }
    }
}
