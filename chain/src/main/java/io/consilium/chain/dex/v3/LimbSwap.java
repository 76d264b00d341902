package io.consilium.chain.dex.v3;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The exact-input swap loop of {@link V3Pool} on 64-bit limbs: the same steps, roundings and fee
 * growth as the BigInteger loop (SwapMath, SqrtPriceMath, FullMath), with BigInteger only where the
 * swap starts and ends. It handles the cases that cannot revert: whenever the contract would take an
 * overflow branch or revert (a product wider than 256 bits, a price beyond uint160, liquidity
 * leaving uint128, zero price or liquidity where they divide) it gives up and returns null before
 * anything changed, and the pool runs its BigInteger loop, which decides those cases.
 */
final class LimbSwap {
    private LimbSwap() {}

    /** What the swap would do; the pool applies it (commit) or keeps it (quote). */
    record Outcome(SwapResult result, BigInteger feeGrowthGlobal, CrossedTicks crossed) {
    }

    /** One step's result, reused across steps. */
    static final class Step {
        long[] next;
        long[] amountIn;
        long[] amountOut;
        long[] feeAmount;
        /** 10^6 - fee, prepared once per swap. */
        Limbs.Divisor oneMinusFee;
        /** The liquidity when it is one limb (< 2^63), prepared when it changes; else null. */
        Limbs.Divisor liq;
        final long[] scratch = new long[6];
    }

    private static Limbs.Divisor oneLimb(V3Pool pool, long[] x) {
        return Limbs.significant(x) == 1 && x[0] > 0 ? pool.divisor(x[0]) : null;
    }

    static Outcome run(V3Pool pool, boolean zeroForOne, BigInteger amountSpecified, BigInteger limitBig,
                       BigInteger feeGrowthBig) {
        // the arbitrage's open-ended amount is one constant object: a slot of its own keeps it converted
        long[] remaining = pool.limbs(amountSpecified.bitLength() > 128 ? 5 : 4, amountSpecified);
        long[] liqStart;
        long[] used = {0};
        long[] out = {0};
        long[] feeTotal = {0};
        long[] price = pool.limbs(0, pool.sqrtPriceX96());
        long[] limit = Limbs.of(limitBig);
        long[] liq = pool.limbs(1, pool.liquidity());
        liqStart = liq;
        int growthSlot = zeroForOne ? 2 : 3;
        // a copy of its own, updated in place step by step (uint256: at most 4 limbs)
        long[] growth = Arrays.copyOf(pool.limbs(growthSlot, feeGrowthBig), 4);
        int curTick = pool.tick();
        int fee = pool.fee();
        int spacing = pool.tickSpacing();
        CrossedTicks crossed = null; // allocated at the first crossing
        Step step = new Step();
        step.oneMinusFee = pool.divisor(1_000_000L - fee);
        step.liq = oneLimb(pool, liq);

        while (!Limbs.isZero(remaining) && Limbs.cmp(price, limit) != 0) {
            long[] priceStart = price;
            TickBitmap.Next next = pool.nextTick(curTick, zeroForOne);
            int tickNext = Math.max(TickMath.MIN_TICK, Math.min(TickMath.MAX_TICK, next.tick()));
            long[] priceNext = pool.sqrtLimbsAtTick(tickNext);
            boolean limitFirst = zeroForOne ? Limbs.cmp(priceNext, limit) < 0 : Limbs.cmp(priceNext, limit) > 0;
            if (!step(price, limitFirst ? limit : priceNext, liq, remaining, fee, step)) {
                return null;
            }
            price = step.next;
            long[] spent = Limbs.add(step.amountIn, step.feeAmount);
            if (Limbs.cmp(spent, remaining) > 0) {
                return null;
            }
            remaining = Limbs.sub(remaining, spent);
            used = Limbs.add(used, spent);
            out = Limbs.add(out, step.amountOut);
            feeTotal = Limbs.add(feeTotal, step.feeAmount);
            if (step.liq != null) {
                if (!Limbs.addFeeGrowth(growth, step.feeAmount, step.liq, step.scratch)) {
                    return null;
                }
            } else if (!Limbs.isZero(liq)) {
                long[] g = Limbs.div(Limbs.shl(step.feeAmount, 128), liq, false);
                if (Limbs.bitLength(g) > 256) {
                    return null;
                }
                growth = Arrays.copyOf(Limbs.wrap256(Limbs.add(growth, g)), 4);
            }
            if (Limbs.cmp(price, priceNext) == 0) {
                if (next.initialized()) {
                    BigInteger net = pool.liquidityNetAt(tickNext);
                    long[] netAbs = Limbs.of(net.abs());
                    if (zeroForOne == (net.signum() > 0)) {
                        if (Limbs.cmp(netAbs, liq) > 0) {
                            return null;
                        }
                        liq = Limbs.sub(liq, netAbs);
                        step.liq = oneLimb(pool, liq);
                    } else {
                        liq = Limbs.add(liq, netAbs);
                        step.liq = oneLimb(pool, liq);
                        if (Limbs.bitLength(liq) > 128) {
                            return null;
                        }
                    }
                    if (crossed == null) {
                        crossed = new CrossedTicks();
                    }
                    crossed.add(tickNext, Limbs.big(growth));
                }
                curTick = zeroForOne ? tickNext - 1 : tickNext;
            } else if (Limbs.cmp(price, priceStart) != 0) {
                // the price lies strictly between the limit and the start, so within the ticks' range
                int t = TickMath.tickFromClosePrice(Limbs.toDouble(price));
                curTick = t != Integer.MIN_VALUE ? t : TickMath.getTickAtSqrtRatio(Limbs.big(price));
            }
        }
        BigInteger usedBig = Limbs.big(used);
        BigInteger calculated = Limbs.big(out).negate();
        // exact input: the specified token is the input one
        BigInteger amount0 = zeroForOne ? usedBig : calculated;
        BigInteger amount1 = zeroForOne ? calculated : usedBig;
        BigInteger priceBig = Limbs.big(price);
        BigInteger liqBig = liq == liqStart ? pool.liquidity() : Limbs.big(liq);
        BigInteger growthBig = Limbs.big(growth);
        pool.rememberLimbs(0, priceBig, price);
        pool.rememberLimbs(1, liqBig, liq);
        pool.rememberLimbs(growthSlot, growthBig, growth);
        SwapResult r = new SwapResult(amount0, amount1, priceBig, curTick, liqBig, Limbs.big(feeTotal),
                crossed == null ? 0 : crossed.count());
        return new Outcome(r, growthBig, crossed);
    }

    /** SwapMath.computeSwapStep for exact input; false when the BigInteger path must decide. */
    static boolean step(long[] cur, long[] target, long[] liq, long[] remaining, int feePips, Step s) {
        boolean zeroForOne = Limbs.cmp(cur, target) >= 0;
        long oneMinusFee = 1_000_000L - feePips;
        // An amount 21 bits wider than the input to the target can ever be (the arbitrage's open-ended
        // one) reaches the target whatever the fee: remainder less fee >= remainder / 2^20 >= 2^bound.
        int bound = deltaBits(cur, target, liq, zeroForOne);
        boolean surelyEnough = bound >= 0 && Limbs.bitLength(remaining) - 21 >= bound;
        long[] remainingLessFee = surelyEnough ? null : Limbs.div(Limbs.mul(remaining, oneMinusFee), Limbs.MILLION, false);
        boolean shortOfTarget = !surelyEnough && certainlyBelow(remainingLessFee, cur, target, liq, zeroForOne);
        long[] amountIn = null;
        if (!shortOfTarget) {
            amountIn = zeroForOne ? amount0Delta(target, cur, liq, true) : amount1Delta(cur, target, liq, true);
            if (amountIn == null) {
                return false;
            }
        }
        long[] next;
        if (surelyEnough || (!shortOfTarget && Limbs.cmp(remainingLessFee, amountIn) >= 0)) {
            next = target;
        } else {
            next = zeroForOne ? nextFromAmount0(cur, liq, remainingLessFee) : nextFromAmount1(cur, liq, s.liq, remainingLessFee);
            if (next == null) {
                return false;
            }
        }
        boolean max = Limbs.cmp(next, target) == 0;
        if (!max || amountIn == null) {
            amountIn = zeroForOne ? amount0Delta(next, cur, liq, true) : amount1Delta(cur, next, liq, true);
        }
        long[] amountOut = zeroForOne ? amount1Delta(next, cur, liq, false) : amount0Delta(cur, next, liq, false);
        if (amountIn == null || amountOut == null) {
            return false;
        }
        long[] feeAmount;
        if (!max) {
            feeAmount = Limbs.sub(remaining, amountIn);
        } else {
            feeAmount = s.oneMinusFee != null ? Limbs.div(Limbs.mul(amountIn, feePips), s.oneMinusFee, true)
                    : Limbs.div(Limbs.mul(amountIn, feePips), oneMinusFee, true);
            if (Limbs.bitLength(feeAmount) > 256) {
                return false;
            }
        }
        s.next = next;
        s.amountIn = amountIn;
        s.amountOut = amountOut;
        s.feeAmount = feeAmount;
        return true;
    }

    /**
     * getAmount0Delta for liquidity below 2^128: one division by √A·√B (nested floors or ceilings by
     * positive divisors equal one by their product). Null for a zero price (the contract reverts).
     */
    static long[] amount0Delta(long[] a, long[] b, long[] liq, boolean roundUp) {
        if (Limbs.cmp(a, b) > 0) {
            long[] t = a;
            a = b;
            b = t;
        }
        if (Limbs.isZero(a) || Limbs.bitLength(liq) > 128) {
            return null;
        }
        long[] num = Limbs.mul(Limbs.shl(liq, 96), Limbs.sub(b, a));
        return Limbs.div(num, Limbs.mul(a, b), roundUp);
    }

    /** getAmount1Delta: L·|B−A| / 2^96 (no overflow for uint128 L and uint160 prices). */
    static long[] amount1Delta(long[] a, long[] b, long[] liq, boolean roundUp) {
        if (Limbs.bitLength(liq) > 128 || Limbs.bitLength(a) > 160 || Limbs.bitLength(b) > 160) {
            return null;
        }
        long[] diff = Limbs.cmp(a, b) >= 0 ? Limbs.sub(a, b) : Limbs.sub(b, a);
        boolean[] low = new boolean[1];
        long[] floor = Limbs.shr96(Limbs.mul(liq, diff), low);
        return roundUp && low[0] ? Limbs.add(floor, new long[] {1}) : floor;
    }

    /** getNextSqrtPriceFromAmount0RoundingUp, adding, in the contract's main branch only. */
    static long[] nextFromAmount0(long[] price, long[] liq, long[] amount) {
        if (Limbs.isZero(amount)) {
            return price;
        }
        if (Limbs.isZero(liq) || Limbs.isZero(price)) {
            return null;
        }
        long[] numerator1 = Limbs.shl(liq, 96);
        long[] product = Limbs.mul(amount, price);
        if (Limbs.bitLength(product) > 256) {
            return null;
        }
        long[] denominator = Limbs.add(numerator1, product);
        if (Limbs.bitLength(denominator) > 256) {
            return null;
        }
        return Limbs.div(Limbs.mul(numerator1, price), denominator, true);
    }

    /** getNextSqrtPriceFromAmount1RoundingDown, adding: P + floor(amount·2^96 / L), within uint160. */
    static long[] nextFromAmount1(long[] price, long[] liq, Limbs.Divisor liqDivisor, long[] amount) {
        if (Limbs.isZero(liq) || Limbs.isZero(price)) {
            return null;
        }
        long[] q = liqDivisor != null ? Limbs.div(Limbs.shl(amount, 96), liqDivisor, false) : Limbs.div(Limbs.shl(amount, 96), liq, false);
        if (Limbs.bitLength(q) > 256) {
            return null;
        }
        long[] r = Limbs.add(price, q);
        return Limbs.bitLength(r) > 160 ? null : r;
    }

    /**
     * A bit length the token0 (token0) or token1 amount between the two prices, rounded up, never
     * reaches: below 2^bits (the bound SwapMath.certainlyBelow uses, at least 1); -1 outside uint128
     * liquidity / uint160 prices. Token0: ceil(L·2^96·(B−A)/(A·B)) <= 2^(lBits+97−aBits); token1:
     * ceil(L·(B−A)/2^96) <= 2^(lBits+bBits−96).
     */
    static int deltaBits(long[] p, long[] q, long[] liq, boolean token0) {
        int lBits = Limbs.bitLength(liq);
        int pBits = Limbs.bitLength(p);
        int qBits = Limbs.bitLength(q);
        if (lBits > 128 || pBits > 160 || qBits > 160 || pBits == 0 || qBits == 0) {
            return -1;
        }
        // (an amount below one unit still rounds up to 1, hence at least 1)
        return lBits == 0 ? 1 : Math.max(1, token0 ? lBits + 96 - Math.min(pBits, qBits) + 2
                : lBits + Math.max(pBits, qBits) - 96 + 1);
    }

    /**
     * SwapMath.certainlyBelow for exact input (rounded up): whether amount is surely below the input
     * to the target, decided in doubles with a margin far beyond their error; false when unsure.
     */
    static boolean certainlyBelow(long[] amount, long[] p, long[] q, long[] liq, boolean token0) {
        int lBits = Limbs.bitLength(liq);
        int pBits = Limbs.bitLength(p);
        int qBits = Limbs.bitLength(q);
        if (lBits == 0 || lBits > 128 || pBits > 160 || qBits > 160 || pBits == 0 || qBits == 0) {
            return false;
        }
        int maxBits = token0 ? lBits + 96 - Math.min(pBits, qBits) + 2 : lBits + Math.max(pBits, qBits) - 96 + 1;
        if (Limbs.bitLength(amount) > maxBits) {
            return false;
        }
        double a = Limbs.toDouble(p);
        double b = Limbs.toDouble(q);
        double diff = Limbs.toDouble(Limbs.cmp(p, q) >= 0 ? Limbs.sub(p, q) : Limbs.sub(q, p));
        double l = Limbs.toDouble(liq);
        double exact = token0 ? l * diff / a / b * 0x1p96 : l * diff * 0x1p-96;
        return Limbs.toDouble(amount) < exact * (1 - 1e-9);
    }
}
