package io.consilium.chain.dex.v3;

import io.consilium.chain.dex.DexRevert;
import io.consilium.chain.dex.Uint;
import java.math.BigInteger;

/**
 * Price movement and token deltas between sqrt prices for a given liquidity, with the contract's
 * rounding directions (always in the pool's favour) and its overflow fall-back paths, which round
 * differently and so must be reproduced, not simplified away.
 */
public final class SqrtPriceMath {
    public static final int RESOLUTION = 96;
    public static final BigInteger Q96 = BigInteger.ONE.shiftLeft(RESOLUTION);

    private SqrtPriceMath() {}

    /** Next price after adding (or removing) {@code amount} of token0: L*P / (L ± amount*P), rounded up. */
    public static BigInteger getNextSqrtPriceFromAmount0RoundingUp(BigInteger sqrtPX96, BigInteger liquidity,
                                                                   BigInteger amount, boolean add) {
        if (amount.signum() == 0) {
            return sqrtPX96;
        }
        BigInteger numerator1 = liquidity.shiftLeft(RESOLUTION);
        BigInteger product = amount.multiply(sqrtPX96);
        boolean productFits = Uint.fitsUint256(product);
        if (add) {
            if (productFits) {
                BigInteger denominator = numerator1.add(product);
                if (Uint.fitsUint256(denominator)) {
                    return FullMath.mulDivRoundingUp(numerator1, sqrtPX96, denominator);
                }
            }
            // overflow path of the contract: L / (L/P + amount), rounded up
            BigInteger denominator = Uint.addChecked(numerator1.divide(sqrtPX96), amount);
            return FullMath.divRoundingUp(numerator1, denominator);
        }
        if (!productFits || numerator1.compareTo(product) <= 0) {
            throw new DexRevert("SqrtPriceMath: amount0 out exceeds reserves");
        }
        BigInteger denominator = numerator1.subtract(product);
        return Uint.toUint160(FullMath.mulDivRoundingUp(numerator1, sqrtPX96, denominator));
    }

    /** Next price after adding (or removing) {@code amount} of token1: P ± amount/L, rounded down. */
    public static BigInteger getNextSqrtPriceFromAmount1RoundingDown(BigInteger sqrtPX96, BigInteger liquidity,
                                                                     BigInteger amount, boolean add) {
        boolean small = amount.compareTo(Uint.MAX_UINT160) <= 0;
        if (add) {
            BigInteger quotient = small ? amount.shiftLeft(RESOLUTION).divide(liquidity)
                    : FullMath.mulDiv(amount, Q96, liquidity);
            return Uint.toUint160(Uint.addChecked(sqrtPX96, quotient));
        }
        BigInteger quotient = small ? FullMath.divRoundingUp(amount.shiftLeft(RESOLUTION), liquidity)
                : FullMath.mulDivRoundingUp(amount, Q96, liquidity);
        if (sqrtPX96.compareTo(quotient) <= 0) {
            throw new DexRevert("SqrtPriceMath: amount1 out exceeds reserves");
        }
        return sqrtPX96.subtract(quotient);
    }

    public static BigInteger getNextSqrtPriceFromInput(BigInteger sqrtPX96, BigInteger liquidity, BigInteger amountIn,
                                                       boolean zeroForOne) {
        requirePositive(sqrtPX96, liquidity);
        return zeroForOne ? getNextSqrtPriceFromAmount0RoundingUp(sqrtPX96, liquidity, amountIn, true)
                : getNextSqrtPriceFromAmount1RoundingDown(sqrtPX96, liquidity, amountIn, true);
    }

    public static BigInteger getNextSqrtPriceFromOutput(BigInteger sqrtPX96, BigInteger liquidity, BigInteger amountOut,
                                                        boolean zeroForOne) {
        requirePositive(sqrtPX96, liquidity);
        return zeroForOne ? getNextSqrtPriceFromAmount1RoundingDown(sqrtPX96, liquidity, amountOut, false)
                : getNextSqrtPriceFromAmount0RoundingUp(sqrtPX96, liquidity, amountOut, false);
    }

    /** Token0 between two prices: L * (√B − √A) / (√A·√B), in either argument order. */
    public static BigInteger getAmount0Delta(BigInteger sqrtRatioAX96, BigInteger sqrtRatioBX96, BigInteger liquidity,
                                             boolean roundUp) {
        if (sqrtRatioAX96.compareTo(sqrtRatioBX96) > 0) {
            BigInteger t = sqrtRatioAX96;
            sqrtRatioAX96 = sqrtRatioBX96;
            sqrtRatioBX96 = t;
        }
        if (sqrtRatioAX96.signum() <= 0) {
            throw new DexRevert("SqrtPriceMath: zero price");
        }
        BigInteger numerator1 = liquidity.shiftLeft(RESOLUTION);
        BigInteger numerator2 = sqrtRatioBX96.subtract(sqrtRatioAX96);
        if (liquidity.signum() >= 0 && liquidity.bitLength() <= 160) {
            // The contract's inner mulDiv cannot overflow here (numerator2 < √B, so the quotient is below
            // L·2^96 < 2^256), and nested floors (ceilings) of positive divisions equal one floor (ceiling)
            // by the product of the divisors: one division instead of two, same exact result.
            BigInteger[] qr = numerator1.multiply(numerator2).divideAndRemainder(sqrtRatioAX96.multiply(sqrtRatioBX96));
            return roundUp && qr[1].signum() != 0 ? qr[0].add(BigInteger.ONE) : qr[0];
        }
        return roundUp
                ? FullMath.divRoundingUp(FullMath.mulDivRoundingUp(numerator1, numerator2, sqrtRatioBX96), sqrtRatioAX96)
                : FullMath.mulDiv(numerator1, numerator2, sqrtRatioBX96).divide(sqrtRatioAX96);
    }

    /** Token1 between two prices: L * (√B − √A), in either argument order. */
    public static BigInteger getAmount1Delta(BigInteger sqrtRatioAX96, BigInteger sqrtRatioBX96, BigInteger liquidity,
                                             boolean roundUp) {
        BigInteger diff = sqrtRatioAX96.subtract(sqrtRatioBX96).abs();
        // mulDiv by Q96 is a shift (the product is non-negative: uint128 * uint160), with no overflow
        // possible (at most 288 - 96 bits); rounding up adds one when any of the low 96 bits is set.
        if (liquidity.signum() < 0) {
            return roundUp ? FullMath.mulDivRoundingUp(liquidity, diff, Q96) : FullMath.mulDiv(liquidity, diff, Q96);
        }
        BigInteger product = liquidity.multiply(diff);
        BigInteger floor = product.shiftRight(RESOLUTION);
        if (floor.bitLength() > 256) {
            throw new DexRevert("FullMath: overflow");
        }
        return roundUp && product.signum() != 0 && product.getLowestSetBit() < RESOLUTION ? floor.add(BigInteger.ONE) : floor;
    }

    /** Signed variant used by mint/burn: positive liquidity rounds up (owed to the pool), negative rounds down. */
    public static BigInteger getAmount0Delta(BigInteger sqrtRatioAX96, BigInteger sqrtRatioBX96, BigInteger liquidity) {
        return liquidity.signum() < 0
                ? Uint.toInt256(getAmount0Delta(sqrtRatioAX96, sqrtRatioBX96, liquidity.negate(), false)).negate()
                : Uint.toInt256(getAmount0Delta(sqrtRatioAX96, sqrtRatioBX96, liquidity, true));
    }

    public static BigInteger getAmount1Delta(BigInteger sqrtRatioAX96, BigInteger sqrtRatioBX96, BigInteger liquidity) {
        return liquidity.signum() < 0
                ? Uint.toInt256(getAmount1Delta(sqrtRatioAX96, sqrtRatioBX96, liquidity.negate(), false)).negate()
                : Uint.toInt256(getAmount1Delta(sqrtRatioAX96, sqrtRatioBX96, liquidity, true));
    }

    private static void requirePositive(BigInteger sqrtPX96, BigInteger liquidity) {
        if (sqrtPX96.signum() <= 0 || liquidity.signum() <= 0) {
            throw new DexRevert("SqrtPriceMath: zero price or liquidity");
        }
    }
}
