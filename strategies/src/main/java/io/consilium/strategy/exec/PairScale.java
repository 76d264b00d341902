package io.consilium.strategy.exec;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Converts between a pool's raw price (token1 base units per token0 base unit, or its sqrt in Q96)
 * and the human price a strategy reads (quote per base), for either token order.
 */
public record PairScale(int baseDecimals, int quoteDecimals, boolean baseIsToken0) {
    private static final double Q96 = Math.pow(2, 96);
    private static final double LN_TICK = Math.log(1.0001);

    /** Raw token1/token0 price for a human price. */
    public double toRaw(double human) {
        double r = human * pow10Signed(quoteDecimals - baseDecimals);
        return baseIsToken0 ? r : 1 / r;
    }

    public double toHuman(double raw) {
        double r = baseIsToken0 ? raw : 1 / raw;
        return r * pow10Signed(baseDecimals - quoteDecimals);
    }

    public double humanFromSqrtX96(BigInteger sqrtX96) {
        double s = sqrtX96.doubleValue() / Q96;
        return toHuman(s * s);
    }

    public BigInteger sqrtX96FromHuman(double human) {
        return new BigDecimal(Math.sqrt(toRaw(human)) * Q96).toBigInteger();
    }

    /** The tick at or below a human price's raw price. */
    public int tickFloor(double human) {
        return (int) Math.floor(Math.log(toRaw(human)) / LN_TICK);
    }

    public double baseHuman(BigInteger units) {
        return U128.doubleOf(units) / pow10(baseDecimals);
    }

    public double quoteHuman(BigInteger units) {
        return U128.doubleOf(units) / pow10(quoteDecimals);
    }

    public BigInteger baseUnits(double human) {
        return toUnits(human, baseDecimals);
    }

    public BigInteger quoteUnits(double human) {
        return toUnits(human, quoteDecimals);
    }

    /** Human amount to base units, truncated; 0 for non-positive or non-finite input. */
    public static BigInteger toUnits(double human, int decimals) {
        if (!(human > 0) || Double.isInfinite(human)) {
            return BigInteger.ZERO;
        }
        double v = human * pow10(decimals);
        // Below 2^63 a long holds the truncated value exactly; above, v is an integer (2^52 < v), so
        // its 53-bit significand shifted by its exponent is the exact value new BigDecimal(v) has.
        return v < 9.0e18 ? BigInteger.valueOf((long) v) : exactInteger(v);
    }

    /** The exact integer value of a finite double ≥ 2^53. */
    static BigInteger exactInteger(double v) {
        int exp = Math.getExponent(v) - 52;
        long significand = (Double.doubleToRawLongBits(v) & 0x000f_ffff_ffff_ffffL) | 0x0010_0000_0000_0000L;
        return BigInteger.valueOf(significand).shiftLeft(exp);
    }

    private static final double[] POW10 = new double[78];

    static {
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = Double.parseDouble("1e" + i);
        }
    }

    private static double pow10Signed(int n) {
        return n >= 0 ? pow10(n) : 1 / pow10(-n);
    }

    /** 10^n as a double, exact up to 10^22. */
    public static double pow10(int n) {
        return n >= 0 && n < POW10.length ? POW10[n] : Math.pow(10, n);
    }
}
