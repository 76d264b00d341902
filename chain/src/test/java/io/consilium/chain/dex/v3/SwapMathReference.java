package io.consilium.chain.dex.v3;

import java.math.BigInteger;

/**
 * Test reference: SwapMath as it was before its long fast paths, in BigInteger only.
 * One step of a V3 swap within a single liquidity range, exactly as SwapMath.computeSwapStep.
 */
final class SwapMathReference {
    static final BigInteger ONE_MILLION = BigInteger.valueOf(1_000_000);

    private SwapMathReference() {}

    /**
     * @param amountRemaining > 0 exact input still to spend, < 0 exact output still to receive
     * @param feePips fee in hundredths of a basis point (3000 = 0.3%)
     */
    static Step computeSwapStep(BigInteger sqrtRatioCurrentX96, BigInteger sqrtRatioTargetX96, BigInteger liquidity,
                                       BigInteger amountRemaining, int feePips) {
        boolean zeroForOne = sqrtRatioCurrentX96.compareTo(sqrtRatioTargetX96) >= 0;
        boolean exactIn = amountRemaining.signum() >= 0;
        BigInteger fee = BigInteger.valueOf(feePips);
        BigInteger oneMinusFee = ONE_MILLION.subtract(fee);
        BigInteger next;
        BigInteger amountIn = null;
        BigInteger amountOut = null;

        if (exactIn) {
            BigInteger remainingLessFee = FullMathReference.mulDiv(amountRemaining, oneMinusFee, ONE_MILLION);
            amountIn = zeroForOne
                    ? SqrtPriceMathReference.getAmount0Delta(sqrtRatioTargetX96, sqrtRatioCurrentX96, liquidity, true)
                    : SqrtPriceMathReference.getAmount1Delta(sqrtRatioCurrentX96, sqrtRatioTargetX96, liquidity, true);
            next = remainingLessFee.compareTo(amountIn) >= 0 ? sqrtRatioTargetX96
                    : SqrtPriceMathReference.getNextSqrtPriceFromInput(sqrtRatioCurrentX96, liquidity, remainingLessFee, zeroForOne);
        } else {
            amountOut = zeroForOne
                    ? SqrtPriceMathReference.getAmount1Delta(sqrtRatioTargetX96, sqrtRatioCurrentX96, liquidity, false)
                    : SqrtPriceMathReference.getAmount0Delta(sqrtRatioCurrentX96, sqrtRatioTargetX96, liquidity, false);
            next = amountRemaining.negate().compareTo(amountOut) >= 0 ? sqrtRatioTargetX96
                    : SqrtPriceMathReference.getNextSqrtPriceFromOutput(sqrtRatioCurrentX96, liquidity, amountRemaining.negate(), zeroForOne);
        }

        boolean max = sqrtRatioTargetX96.equals(next);
        if (zeroForOne) {
            if (!(max && exactIn)) {
                amountIn = SqrtPriceMathReference.getAmount0Delta(next, sqrtRatioCurrentX96, liquidity, true);
            }
            if (!(max && !exactIn)) {
                amountOut = SqrtPriceMathReference.getAmount1Delta(next, sqrtRatioCurrentX96, liquidity, false);
            }
        } else {
            if (!(max && exactIn)) {
                amountIn = SqrtPriceMathReference.getAmount1Delta(sqrtRatioCurrentX96, next, liquidity, true);
            }
            if (!(max && !exactIn)) {
                amountOut = SqrtPriceMathReference.getAmount0Delta(sqrtRatioCurrentX96, next, liquidity, false);
            }
        }
        // the output may not exceed what was asked for (rounding could otherwise pay out one unit more)
        if (!exactIn && amountOut.compareTo(amountRemaining.negate()) > 0) {
            amountOut = amountRemaining.negate();
        }
        BigInteger feeAmount = exactIn && !next.equals(sqrtRatioTargetX96)
                // the step used the whole remainder: what is not input is fee
                ? amountRemaining.subtract(amountIn)
                : FullMathReference.mulDivRoundingUp(amountIn, fee, oneMinusFee);
        return new Step(next, amountIn, amountOut, feeAmount);
    }

    /** Result of one step: the price reached and the amounts moved (input excludes the fee). */
    public record Step(BigInteger sqrtRatioNextX96, BigInteger amountIn, BigInteger amountOut, BigInteger feeAmount) {}
}
