package io.consilium.chain.dex.v3;

import io.consilium.chain.dex.DexRevert;
import io.consilium.chain.dex.Uint;
import io.consilium.chain.dex.Wide;
import java.math.BigInteger;

/**
 * Tick ↔ sqrt price (Q64.96) conversions, bit-for-bit as UniswapV3's TickMath: the same Q128.128
 * constants (powers of sqrt(1.0001)^-1) and the same log2 approximation with its final exact check.
 * The 128-bit products run on pairs of longs (this is the hot path of every swap step); the test
 * sources keep a plain BigInteger twin and compare the two on every tick.
 */
public final class TickMath {
    public static final int MIN_TICK = -887272;
    public static final int MAX_TICK = 887272;
    public static final BigInteger MIN_SQRT_RATIO = new BigInteger("4295128739");
    public static final BigInteger MAX_SQRT_RATIO = new BigInteger("1461446703485210103287273052203988822378723970342");

    private static final BigInteger Q128_ONE = BigInteger.ONE.shiftLeft(128);
    /** Constant for bit k of |tick|: 2^128 / sqrt(1.0001)^(2^k), truncated as in the contract (k = 0..19). */
    private static final String[] BIT_CONSTANTS = {
        "fffcb933bd6fad37aa2d162d1a594001",
        "fff97272373d413259a46990580e213a", "fff2e50f5f656932ef12357cf3c7fdcc",
        "ffe5caca7e10e4e61c3624eaa0941cd0", "ffcb9843d60f6159c9db58835c926644",
        "ff973b41fa98c081472e6896dfb254c0", "ff2ea16466c96a3843ec78b326b52861",
        "fe5dee046a99a2a811c461f1969c3053", "fcbe86c7900a88aedcffc83b479aa3a4",
        "f987a7253ac413176f2b074cf7815e54", "f3392b0822b70005940c7a398e4b70f3",
        "e7159475a2c29b7443b29c7fa6e889d9", "d097f3bdfd2022b8845ad8f792aa5825",
        "a9f746462d870fdf8a65dc1f90e061e5", "70d869a156d2a1b890bb3df62baf32f7",
        "31be135f97d08fd981231505542fcfa6", "9aa508b5b7a84e1c677de54f3e99bc9",
        "5d6af8dedb81196699c329225ee604", "2216e584f5fa1ea926041bedfe98",
        "48a170391f7dc42444e8fa2",
    };
    private static final long[] HI = new long[20];
    private static final long[] LO = new long[20];
    private static final BigInteger LOG_SQRT10001_MULTIPLIER = new BigInteger("255738958999603826347141");
    private static final BigInteger TICK_LOW_OFFSET = new BigInteger("3402992956809132418596140100660247210");
    private static final BigInteger TICK_HI_OFFSET = new BigInteger("291339464771989622907027621153398088495");

    private static final long MUL_LO = LOG_SQRT10001_MULTIPLIER.longValue();
    private static final long MUL_HI = LOG_SQRT10001_MULTIPLIER.shiftRight(64).longValueExact();
    private static final long TICK_LOW_OFFSET_LO = TICK_LOW_OFFSET.longValue();
    private static final long TICK_LOW_OFFSET_HI = TICK_LOW_OFFSET.shiftRight(64).longValueExact();
    private static final long TICK_HI_OFFSET_LO = TICK_HI_OFFSET.longValue();
    private static final long TICK_HI_OFFSET_HI = TICK_HI_OFFSET.shiftRight(64).longValue();

    static {
        for (int k = 0; k < 20; k++) {
            BigInteger c = new BigInteger(BIT_CONSTANTS[k], 16);
            HI[k] = c.shiftRight(64).longValue();
            LO[k] = c.longValue();
        }
    }

    private TickMath() {}

    /** sqrt(1.0001^tick) * 2^96, rounded up to the next integer when the Q128 value has a fractional part. */
    public static BigInteger getSqrtRatioAtTick(int tick) {
        int absTick = Math.abs(tick);
        if (absTick > MAX_TICK) {
            throw new DexRevert("T");
        }
        long[] w = new long[4];
        long hi = 0;
        long lo = 0;
        boolean one = true; // ratio == 2^128, which needs 129 bits: kept as a flag
        for (int k = 0; k < 20; k++) {
            if ((absTick & (1 << k)) == 0) {
                continue;
            }
            if (one) {
                hi = HI[k];
                lo = LO[k];
                one = false;
            } else {
                Wide.mul256(hi, lo, HI[k], LO[k], w);
                hi = w[3];
                lo = w[2];
            }
        }
        BigInteger ratio = one ? Q128_ONE : unsigned128(hi, lo);
        if (tick > 0) {
            ratio = Uint.MAX_UINT256.divide(ratio);
        } else if (!one) {
            // ratio < 2^128: ratio >> 32, rounded up, without BigInteger shifts
            long shiftedHi = hi >>> 32;
            long shiftedLo = (hi << 32) | (lo >>> 32);
            if ((lo & 0xffffffffL) != 0) {
                shiftedLo++;
                if (shiftedLo == 0) {
                    shiftedHi++;
                }
            }
            return unsigned128(shiftedHi, shiftedLo);
        }
        BigInteger shifted = ratio.shiftRight(32);
        return ratio.getLowestSetBit() >= 32 || ratio.signum() == 0 ? shifted : shifted.add(BigInteger.ONE);
    }

    private static final double LN_Q96 = 96 * Math.log(2);
    private static final double TICKS_PER_LN = 2 / Math.log(1.0001);
    /** How far from a whole tick the estimate must be to be trusted (the error bound is below 1e-5 tick). */
    private static final double MARGIN = 1e-3;

    /**
     * The greatest tick whose sqrt ratio is ≤ sqrtPriceX96; requires MIN_SQRT_RATIO ≤ price < MAX_SQRT_RATIO.
     * The answer is an integer defined by {@link #getSqrtRatioAtTick}, so a double estimate can give it
     * exactly when it is far from a whole tick: getSqrtRatioAtTick is within 3e-10 relative of
     * 2^96·1.0001^(t/2) over the whole range (6e-6 tick) and the estimate within 1e-9 tick. Otherwise
     * the contract's own log2 computation decides.
     */
    public static int getTickAtSqrtRatio(BigInteger sqrtPriceX96) {
        if (sqrtPriceX96.compareTo(MIN_SQRT_RATIO) < 0 || sqrtPriceX96.compareTo(MAX_SQRT_RATIO) >= 0) {
            throw new DexRevert("R");
        }
        double tau = (Math.log(sqrtPriceX96.doubleValue()) - LN_Q96) * TICKS_PER_LN;
        double whole = Math.floor(tau);
        double frac = tau - whole;
        if (frac > MARGIN && frac < 1 - MARGIN) {
            return (int) whole;
        }
        return getTickAtSqrtRatioExact(sqrtPriceX96);
    }

    /**
     * The tick of an in-range price given as a double within a few units in the last place of it,
     * when the estimate decides it (see {@link #getTickAtSqrtRatio}); Integer.MIN_VALUE when not.
     */
    static int tickFromClosePrice(double sqrtPriceX96) {
        double tau = (Math.log(sqrtPriceX96) - LN_Q96) * TICKS_PER_LN;
        double whole = Math.floor(tau);
        double frac = tau - whole;
        return frac > MARGIN && frac < 1 - MARGIN ? (int) whole : Integer.MIN_VALUE;
    }

    /** The contract's computation (log2 by repeated squaring, then the final check), for prices in range. */
    static int getTickAtSqrtRatioExact(BigInteger sqrtPriceX96) {
        // ratio = price << 32; msb and the top 128 bits of ratio (bit 127 set) come straight from the price
        int msb = sqrtPriceX96.bitLength() - 1 + 32;
        int shift = msb - 127 - 32; // how far the price itself must move right (negative: left)
        BigInteger top = shift >= 0 ? sqrtPriceX96.shiftRight(shift) : sqrtPriceX96.shiftLeft(-shift);
        long hi = top.shiftRight(64).longValue();
        long lo = top.longValue();
        long frac = 0;
        long[] w = new long[4];
        for (int i = 63; i >= 50; i--) {
            Wide.mul256(hi, lo, hi, lo, w);
            if (w[3] < 0) { // bit 255 set: (r*r) >> 127 has bit 128, so take >> 128
                frac |= 1L << i;
                hi = w[3];
                lo = w[2];
            } else {
                hi = (w[3] << 1) | (w[2] >>> 63);
                lo = (w[2] << 1) | (w[1] >>> 63);
            }
        }
        // log2 as int256: integer part (msb-128) in the high bits, 64 fraction bits below (OR == add here);
        // times the multiplier it is a signed 192-bit value p2:p1:p0 (|log2| < 2^72, multiplier < 2^78)
        long whole = msb - 128L;
        long[] p = new long[3];
        // frac * M, unsigned: frac*ml + (frac*mh << 64)
        long u0 = frac * MUL_LO;
        long u1 = Math.unsignedMultiplyHigh(frac, MUL_LO);
        long bLow = frac * MUL_HI;
        long bHigh = Math.unsignedMultiplyHigh(frac, MUL_HI);
        long u1b = u1 + bLow;
        long u2 = bHigh + (Long.compareUnsigned(u1b, u1) < 0 ? 1 : 0);
        // whole * M << 64, signed: whole*ml = s1:s0 (ml read as unsigned), plus whole*mh in the upper limb
        long s0 = whole * MUL_LO;
        long s1 = Math.multiplyHigh(whole, MUL_LO) + ((MUL_LO >> 63) & whole) + whole * MUL_HI;
        p[0] = u0;
        p[1] = u1b + s0;
        p[2] = u2 + s1 + (Long.compareUnsigned(p[1], u1b) < 0 ? 1 : 0);
        int tickLow = (int) shiftedTop(p, -TICK_LOW_OFFSET_LO, ~TICK_LOW_OFFSET_HI, -1L, TICK_LOW_OFFSET_LO == 0);
        int tickHi = (int) shiftedTop(p, TICK_HI_OFFSET_LO, TICK_HI_OFFSET_HI, 0L, false);
        if (tickLow == tickHi) {
            return tickLow;
        }
        return getSqrtRatioAtTick(tickHi).compareTo(sqrtPriceX96) <= 0 ? tickHi : tickLow;
    }

    /**
     * (p + c) >> 128 for a signed 192-bit p and a 192-bit addend c2:c1:c0 given in two's complement
     * (a subtraction of x is the addition of ~x + 1: pass the negated low limb, the inverted middle one,
     * -1 on top and whether the low limb was 0, since then the +1 carries into the middle limb).
     */
    private static long shiftedTop(long[] p, long c0, long c1, long c2, boolean carryIntoMiddle) {
        long r0 = p[0] + c0;
        long carry0 = Long.compareUnsigned(r0, p[0]) < 0 || carryIntoMiddle ? 1 : 0;
        long t1 = p[1] + c1;
        long carry1 = Long.compareUnsigned(t1, p[1]) < 0 ? 1 : 0;
        long r1 = t1 + carry0;
        carry1 += Long.compareUnsigned(r1, t1) < 0 ? 1 : 0;
        return p[2] + c2 + carry1;
    }

    private static BigInteger unsigned128(long hi, long lo) {
        byte[] b = new byte[17];
        for (int i = 0; i < 8; i++) {
            b[1 + i] = (byte) (hi >>> (56 - 8 * i));
            b[9 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return new BigInteger(b);
    }
}
