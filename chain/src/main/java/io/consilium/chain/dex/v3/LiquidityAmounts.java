package io.consilium.chain.dex.v3;

import io.consilium.chain.dex.DexRevert;
import io.consilium.chain.dex.Uint;
import java.math.BigInteger;

/** The periphery's LiquidityAmounts: liquidity for token amounts at a price and back, rounding down. */
public final class LiquidityAmounts {
    private static final BigInteger Q96 = SqrtPriceMath.Q96;

    private LiquidityAmounts() {}

    public static BigInteger getLiquidityForAmount0(BigInteger sqrtA, BigInteger sqrtB, BigInteger amount0) {
        BigInteger[] s = sorted(sqrtA, sqrtB);
        BigInteger intermediate = FullMath.mulDiv(s[0], s[1], Q96);
        return toUint128(FullMath.mulDiv(amount0, intermediate, s[1].subtract(s[0])));
    }

    public static BigInteger getLiquidityForAmount1(BigInteger sqrtA, BigInteger sqrtB, BigInteger amount1) {
        BigInteger[] s = sorted(sqrtA, sqrtB);
        return toUint128(FullMath.mulDiv(amount1, Q96, s[1].subtract(s[0])));
    }

    /** The most liquidity that amount0 and amount1 can back in [A, B] at price P. */
    public static BigInteger getLiquidityForAmounts(BigInteger sqrtP, BigInteger sqrtA, BigInteger sqrtB,
                                                    BigInteger amount0, BigInteger amount1) {
        BigInteger[] s = sorted(sqrtA, sqrtB);
        if (sqrtP.compareTo(s[0]) <= 0) {
            return getLiquidityForAmount0(s[0], s[1], amount0);
        }
        if (sqrtP.compareTo(s[1]) < 0) {
            return getLiquidityForAmount0(sqrtP, s[1], amount0).min(getLiquidityForAmount1(s[0], sqrtP, amount1));
        }
        return getLiquidityForAmount1(s[0], s[1], amount1);
    }

    public static BigInteger getAmount0ForLiquidity(BigInteger sqrtA, BigInteger sqrtB, BigInteger liquidity) {
        BigInteger[] s = sorted(sqrtA, sqrtB);
        return FullMath.mulDiv(liquidity.shiftLeft(96), s[1].subtract(s[0]), s[1]).divide(s[0]);
    }

    public static BigInteger getAmount1ForLiquidity(BigInteger sqrtA, BigInteger sqrtB, BigInteger liquidity) {
        BigInteger[] s = sorted(sqrtA, sqrtB);
        return FullMath.mulDiv(liquidity, s[1].subtract(s[0]), Q96);
    }

    public static Amounts getAmountsForLiquidity(BigInteger sqrtP, BigInteger sqrtA, BigInteger sqrtB,
                                                 BigInteger liquidity) {
        BigInteger[] s = sorted(sqrtA, sqrtB);
        if (sqrtP.compareTo(s[0]) <= 0) {
            return new Amounts(getAmount0ForLiquidity(s[0], s[1], liquidity), BigInteger.ZERO);
        }
        if (sqrtP.compareTo(s[1]) < 0) {
            return new Amounts(getAmount0ForLiquidity(sqrtP, s[1], liquidity), getAmount1ForLiquidity(s[0], sqrtP, liquidity));
        }
        return new Amounts(BigInteger.ZERO, getAmount1ForLiquidity(s[0], s[1], liquidity));
    }

    private static BigInteger[] sorted(BigInteger a, BigInteger b) {
        return a.compareTo(b) > 0 ? new BigInteger[] {b, a} : new BigInteger[] {a, b};
    }

    private static BigInteger toUint128(BigInteger x) {
        if (x.compareTo(Uint.MAX_UINT128) > 0) {
            throw new DexRevert("liquidity exceeds uint128");
        }
        return x;
    }
}
