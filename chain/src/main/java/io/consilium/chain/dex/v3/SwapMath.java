package io.consilium.chain.dex.v3;

import java.math.BigInteger;

/** One step of a V3 swap within a single liquidity range, exactly as SwapMath.computeSwapStep. */
public final class SwapMath {
    public static final BigInteger ONE_MILLION = BigInteger.valueOf(1_000_000);

    private SwapMath() {}

    /**
     * @param amountRemaining > 0 exact input still to spend, < 0 exact output still to receive
     * @param feePips fee in hundredths of a basis point (3000 = 0.3%)
     */
    public static Step computeSwapStep(BigInteger sqrtRatioCurrentX96, BigInteger sqrtRatioTargetX96, BigInteger liquidity,
                                       BigInteger amountRemaining, int feePips) {
        boolean zeroForOne = sqrtRatioCurrentX96.compareTo(sqrtRatioTargetX96) >= 0;
        boolean exactIn = amountRemaining.signum() >= 0;
        BigInteger fee = BigInteger.valueOf(feePips);
        BigInteger oneMinusFee = ONE_MILLION.subtract(fee);
        BigInteger next;
        BigInteger amountIn = null;
        BigInteger amountOut = null;

        // When the amount is certainly short of what reaching the target takes, the exact amount to the
        // target is not needed: the contract computes it only to compare and then recomputes the
        // amount to the price actually reached.
        if (exactIn) {
            BigInteger remainingLessFee = FullMath.mulDiv(amountRemaining, oneMinusFee, ONE_MILLION);
            boolean shortOfTarget = certainlyBelow(remainingLessFee, sqrtRatioCurrentX96, sqrtRatioTargetX96, liquidity, zeroForOne, true);
            if (!shortOfTarget) {
                amountIn = zeroForOne
                        ? SqrtPriceMath.getAmount0Delta(sqrtRatioTargetX96, sqrtRatioCurrentX96, liquidity, true)
                        : SqrtPriceMath.getAmount1Delta(sqrtRatioCurrentX96, sqrtRatioTargetX96, liquidity, true);
            }
            next = !shortOfTarget && remainingLessFee.compareTo(amountIn) >= 0 ? sqrtRatioTargetX96
                    : SqrtPriceMath.getNextSqrtPriceFromInput(sqrtRatioCurrentX96, liquidity, remainingLessFee, zeroForOne);
        } else {
            BigInteger wanted = amountRemaining.negate();
            boolean shortOfTarget = certainlyBelow(wanted, sqrtRatioCurrentX96, sqrtRatioTargetX96, liquidity, !zeroForOne, false);
            if (!shortOfTarget) {
                amountOut = zeroForOne
                        ? SqrtPriceMath.getAmount1Delta(sqrtRatioTargetX96, sqrtRatioCurrentX96, liquidity, false)
                        : SqrtPriceMath.getAmount0Delta(sqrtRatioCurrentX96, sqrtRatioTargetX96, liquidity, false);
            }
            next = !shortOfTarget && wanted.compareTo(amountOut) >= 0 ? sqrtRatioTargetX96
                    : SqrtPriceMath.getNextSqrtPriceFromOutput(sqrtRatioCurrentX96, liquidity, wanted, zeroForOne);
        }

        boolean max = sqrtRatioTargetX96.equals(next);
        if (max && exactIn && amountIn == null) {
            // the next price landed on the target after all: the amount to it is the step's input
            amountIn = zeroForOne
                    ? SqrtPriceMath.getAmount0Delta(sqrtRatioTargetX96, sqrtRatioCurrentX96, liquidity, true)
                    : SqrtPriceMath.getAmount1Delta(sqrtRatioCurrentX96, sqrtRatioTargetX96, liquidity, true);
        }
        if (max && !exactIn && amountOut == null) {
            amountOut = zeroForOne
                    ? SqrtPriceMath.getAmount1Delta(sqrtRatioTargetX96, sqrtRatioCurrentX96, liquidity, false)
                    : SqrtPriceMath.getAmount0Delta(sqrtRatioCurrentX96, sqrtRatioTargetX96, liquidity, false);
        }
        if (zeroForOne) {
            if (!(max && exactIn)) {
                amountIn = SqrtPriceMath.getAmount0Delta(next, sqrtRatioCurrentX96, liquidity, true);
            }
            if (!(max && !exactIn)) {
                amountOut = SqrtPriceMath.getAmount1Delta(next, sqrtRatioCurrentX96, liquidity, false);
            }
        } else {
            if (!(max && exactIn)) {
                amountIn = SqrtPriceMath.getAmount1Delta(sqrtRatioCurrentX96, next, liquidity, true);
            }
            if (!(max && !exactIn)) {
                amountOut = SqrtPriceMath.getAmount0Delta(sqrtRatioCurrentX96, next, liquidity, false);
            }
        }
        // the output may not exceed what was asked for (rounding could otherwise pay out one unit more)
        if (!exactIn && amountOut.compareTo(amountRemaining.negate()) > 0) {
            amountOut = amountRemaining.negate();
        }
        BigInteger feeAmount = exactIn && !next.equals(sqrtRatioTargetX96)
                // the step used the whole remainder: what is not input is fee
                ? amountRemaining.subtract(amountIn)
                : FullMath.mulDivRoundingUp(amountIn, fee, oneMinusFee);
        return new Step(next, amountIn, amountOut, feeAmount);
    }

    /**
     * Whether {@code amount} is surely less than the token0 (token0 = true) or token1 amount between
     * the two prices, rounded up (roundUp) or down as the contract rounds it. Decided in doubles with
     * a margin far beyond their error (a few 2^-53 relative, plus the roundings' units); false when
     * unsure or outside uint128 liquidity / uint160 prices, where the exact path must run (it is the
     * one that can revert).
     */
    static boolean certainlyBelow(BigInteger amount, BigInteger sqrtP, BigInteger sqrtQ, BigInteger liquidity,
                                  boolean token0, boolean roundUp) {
        if (liquidity.signum() <= 0 || liquidity.bitLength() > 128 || sqrtP.bitLength() > 160 || sqrtQ.bitLength() > 160
                || sqrtP.signum() <= 0 || sqrtQ.signum() <= 0 || amount.signum() < 0) {
            return false;
        }
        // an amount with more bits than the delta's bound is not below it: no doubles needed (the
        // arbitrage's "everything up to the limit" amounts all take this exit)
        int maxBits = token0 ? liquidity.bitLength() + 96 - sqrtP.min(sqrtQ).bitLength() + 2
                : liquidity.bitLength() + sqrtP.max(sqrtQ).bitLength() - 96 + 1;
        if (amount.bitLength() > maxBits) {
            return false;
        }
        double a = sqrtP.doubleValue();
        double b = sqrtQ.doubleValue();
        double diff = sqrtP.subtract(sqrtQ).abs().doubleValue();
        double l = liquidity.doubleValue();
        double exact = token0 ? l * diff / a / b * 0x1p96 : l * diff * 0x1p-96;
        double bound = exact * (1 - 1e-9) - (roundUp ? 0 : 4);
        return amount.doubleValue() < bound;
    }

    /** Result of one step: the price reached and the amounts moved (input excludes the fee). */
    public record Step(BigInteger sqrtRatioNextX96, BigInteger amountIn, BigInteger amountOut, BigInteger feeAmount) {}
}
