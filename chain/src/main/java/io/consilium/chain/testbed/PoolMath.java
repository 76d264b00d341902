package io.consilium.chain.testbed;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Price set-up arithmetic for seeding pools: human prices to sqrtPriceX96, ticks and raw amounts. */
final class PoolMath {
    static final int MIN_TICK = -887272;
    static final int MAX_TICK = 887272;

    private PoolMath() {}

    /** Raw token1-per-token0 price as a fraction num/den, for "1 base = price quote". */
    static BigInteger[] rawPrice(BigDecimal price, int baseDecimals, int quoteDecimals, boolean baseIsToken0) {
        BigInteger num = price.unscaledValue().multiply(BigInteger.TEN.pow(quoteDecimals));
        BigInteger den = BigInteger.TEN.pow(baseDecimals + price.scale());
        return baseIsToken0 ? new BigInteger[] {num, den} : new BigInteger[] {den, num};
    }

    static BigInteger sqrtPriceX96(BigInteger[] frac) {
        return frac[0].shiftLeft(192).divide(frac[1]).sqrt();
    }

    /** The tick whose price is just below the given one (good enough to place positions around it). */
    static int tickAt(BigInteger[] frac) {
        double ln = Math.log(frac[0].doubleValue()) - Math.log(frac[1].doubleValue());
        return (int) Math.floor(ln / Math.log(1.0001));
    }

    static int floorToSpacing(int tick, int spacing) {
        return Math.floorDiv(tick, spacing) * spacing;
    }

    static int minUsableTick(int spacing) {
        return -(MAX_TICK / spacing) * spacing;
    }

    static int maxUsableTick(int spacing) {
        return (MAX_TICK / spacing) * spacing;
    }

    static int tickSpacing(int fee) {
        return switch (fee) {
            case 100 -> 1;
            case 500 -> 10;
            case 3000 -> 60;
            case 10000 -> 200;
            default -> throw new IllegalArgumentException("unknown fee tier " + fee);
        };
    }

    /** Raw base units for a human amount. */
    static BigInteger units(BigDecimal human, int decimals) {
        return human.movePointRight(decimals).toBigInteger();
    }
}
