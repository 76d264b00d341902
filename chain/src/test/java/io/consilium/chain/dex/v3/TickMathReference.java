package io.consilium.chain.dex.v3;

import io.consilium.chain.dex.DexRevert;
import io.consilium.chain.dex.Uint;
import java.math.BigInteger;

/**
 * The plain BigInteger port of UniswapV3's TickMath, line for line: the slow, obviously-right twin
 * that the fast {@link TickMath} (128-bit arithmetic in longs) is tested against.
 */
final class TickMathReference {
    public static final int MIN_TICK = -887272;
    public static final int MAX_TICK = 887272;
    public static final BigInteger MIN_SQRT_RATIO = new BigInteger("4295128739");
    public static final BigInteger MAX_SQRT_RATIO = new BigInteger("1461446703485210103287273052203988822378723970342");

    private static final BigInteger Q128_ONE = BigInteger.ONE.shiftLeft(128);
    private static final BigInteger BIT0 = hex("fffcb933bd6fad37aa2d162d1a594001");
    /** Constant for bit k (k = 1..19) of |tick|: 2^128 / sqrt(1.0001)^(2^k), truncated as in the contract. */
    private static final BigInteger[] BITS = {
        null,
        hex("fff97272373d413259a46990580e213a"), hex("fff2e50f5f656932ef12357cf3c7fdcc"),
        hex("ffe5caca7e10e4e61c3624eaa0941cd0"), hex("ffcb9843d60f6159c9db58835c926644"),
        hex("ff973b41fa98c081472e6896dfb254c0"), hex("ff2ea16466c96a3843ec78b326b52861"),
        hex("fe5dee046a99a2a811c461f1969c3053"), hex("fcbe86c7900a88aedcffc83b479aa3a4"),
        hex("f987a7253ac413176f2b074cf7815e54"), hex("f3392b0822b70005940c7a398e4b70f3"),
        hex("e7159475a2c29b7443b29c7fa6e889d9"), hex("d097f3bdfd2022b8845ad8f792aa5825"),
        hex("a9f746462d870fdf8a65dc1f90e061e5"), hex("70d869a156d2a1b890bb3df62baf32f7"),
        hex("31be135f97d08fd981231505542fcfa6"), hex("9aa508b5b7a84e1c677de54f3e99bc9"),
        hex("5d6af8dedb81196699c329225ee604"), hex("2216e584f5fa1ea926041bedfe98"),
        hex("48a170391f7dc42444e8fa2"),
    };
    private static final BigInteger LOG_SQRT10001_MULTIPLIER = new BigInteger("255738958999603826347141");
    private static final BigInteger TICK_LOW_OFFSET = new BigInteger("3402992956809132418596140100660247210");
    private static final BigInteger TICK_HI_OFFSET = new BigInteger("291339464771989622907027621153398088495");
    private static final BigInteger LOW32_MASK = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);

    private TickMathReference() {}

    /** sqrt(1.0001^tick) * 2^96, rounded up to the next integer when the Q128 value has a fractional part. */
    public static BigInteger getSqrtRatioAtTick(int tick) {
        int absTick = Math.abs(tick);
        if (absTick > MAX_TICK) {
            throw new DexRevert("T");
        }
        BigInteger ratio = (absTick & 1) != 0 ? BIT0 : Q128_ONE;
        for (int k = 1; k < BITS.length; k++) {
            if ((absTick & (1 << k)) != 0) {
                ratio = ratio.multiply(BITS[k]).shiftRight(128);
            }
        }
        if (tick > 0) {
            ratio = Uint.MAX_UINT256.divide(ratio);
        }
        BigInteger shifted = ratio.shiftRight(32);
        return ratio.and(LOW32_MASK).signum() == 0 ? shifted : shifted.add(BigInteger.ONE);
    }

    /** The greatest tick whose sqrt ratio is ≤ sqrtPriceX96; requires MIN_SQRT_RATIO ≤ price < MAX_SQRT_RATIO. */
    public static int getTickAtSqrtRatio(BigInteger sqrtPriceX96) {
        if (sqrtPriceX96.compareTo(MIN_SQRT_RATIO) < 0 || sqrtPriceX96.compareTo(MAX_SQRT_RATIO) >= 0) {
            throw new DexRevert("R");
        }
        BigInteger ratio = sqrtPriceX96.shiftLeft(32);
        int msb = ratio.bitLength() - 1;
        BigInteger r = msb >= 128 ? ratio.shiftRight(msb - 127) : ratio.shiftLeft(127 - msb);
        BigInteger log2 = BigInteger.valueOf(msb - 128L).shiftLeft(64);
        for (int i = 63; i >= 50; i--) {
            r = r.multiply(r).shiftRight(127);
            int f = r.testBit(128) ? 1 : 0;
            if (f == 1) {
                log2 = log2.or(BigInteger.ONE.shiftLeft(i));
                r = r.shiftRight(1);
            }
        }
        BigInteger logSqrt10001 = log2.multiply(LOG_SQRT10001_MULTIPLIER);
        int tickLow = logSqrt10001.subtract(TICK_LOW_OFFSET).shiftRight(128).intValueExact();
        int tickHi = logSqrt10001.add(TICK_HI_OFFSET).shiftRight(128).intValueExact();
        if (tickLow == tickHi) {
            return tickLow;
        }
        return getSqrtRatioAtTick(tickHi).compareTo(sqrtPriceX96) <= 0 ? tickHi : tickLow;
    }

    private static BigInteger hex(String h) {
        return new BigInteger(h, 16);
    }
}
