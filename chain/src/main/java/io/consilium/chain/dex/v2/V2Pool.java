package io.consilium.chain.dex.v2;

import io.consilium.chain.dex.DexRevert;
import java.math.BigInteger;

/**
 * An in-memory UniswapV2Pair: reserves, LP supply, swaps with the pair's K check, mint and burn of LP
 * shares. The protocol fee (feeTo) is off, as on the testbed and on most forks by default.
 * Not thread-safe: one owner (a backtest) mutates it.
 */
public final class V2Pool {
    public static final BigInteger MINIMUM_LIQUIDITY = BigInteger.valueOf(1000);
    private static final BigInteger BPS = BigInteger.valueOf(10_000);
    private static final BigInteger BPS_SQUARED = BPS.multiply(BPS);

    private final int feeBps;
    private final BigInteger fee;
    private BigInteger reserve0;
    private BigInteger reserve1;
    private BigInteger totalSupply = BigInteger.ZERO;
    /** Bumped by every change of the reserves, so that the latest exact-input quote is known to be current. */
    private long version;
    private long quotedVersion = -1;
    private boolean quotedZeroForOne;
    private BigInteger quotedIn;
    private BigInteger quotedOut;

    public V2Pool(int feeBps) {
        this(feeBps, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);
    }

    /** A pool in a known state, for example read from the chain (getReserves, totalSupply). */
    public V2Pool(int feeBps, BigInteger reserve0, BigInteger reserve1, BigInteger totalSupply) {
        if (feeBps < 0 || feeBps >= 10_000) {
            throw new IllegalArgumentException("fee must be in [0, 10000) bps: " + feeBps);
        }
        this.feeBps = feeBps;
        this.fee = BigInteger.valueOf(feeBps);
        this.reserve0 = reserve0;
        this.reserve1 = reserve1;
        this.totalSupply = totalSupply;
    }

    public BigInteger reserve0() {
        return reserve0;
    }

    public BigInteger reserve1() {
        return reserve1;
    }

    public BigInteger totalSupply() {
        return totalSupply;
    }

    public int feeBps() {
        return feeBps;
    }

    /** Quote without changing state. */
    public BigInteger quoteExactIn(boolean zeroForOne, BigInteger amountIn) {
        BigInteger out = zeroForOne ? UniswapV2Math.getAmountOut(amountIn, reserve0, reserve1, feeBps)
                : UniswapV2Math.getAmountOut(amountIn, reserve1, reserve0, feeBps);
        quotedVersion = version;
        quotedZeroForOne = zeroForOne;
        quotedIn = amountIn;
        quotedOut = out;
        return out;
    }

    public BigInteger quoteExactOut(boolean zeroForOne, BigInteger amountOut) {
        return zeroForOne ? UniswapV2Math.getAmountIn(amountOut, reserve0, reserve1, feeBps)
                : UniswapV2Math.getAmountIn(amountOut, reserve1, reserve0, feeBps);
    }

    /** Swaps an exact input, as the router does; returns the output amount. */
    public BigInteger swapExactIn(boolean zeroForOne, BigInteger amountIn) {
        BigInteger out = quoteExactIn(zeroForOne, amountIn);
        if (zeroForOne) {
            swap(amountIn, BigInteger.ZERO, BigInteger.ZERO, out);
        } else {
            swap(BigInteger.ZERO, amountIn, out, BigInteger.ZERO);
        }
        return out;
    }

    /** Swaps for an exact output, as the router does; returns the input amount. */
    public BigInteger swapExactOut(boolean zeroForOne, BigInteger amountOut) {
        BigInteger in = quoteExactOut(zeroForOne, amountOut);
        if (zeroForOne) {
            swap(in, BigInteger.ZERO, BigInteger.ZERO, amountOut);
        } else {
            swap(BigInteger.ZERO, in, amountOut, BigInteger.ZERO);
        }
        return in;
    }

    /** The pair's low-level swap: tokens already sent in, outputs requested, then the fee-adjusted K check. */
    public void swap(BigInteger amount0In, BigInteger amount1In, BigInteger amount0Out, BigInteger amount1Out) {
        if (amount0Out.signum() <= 0 && amount1Out.signum() <= 0) {
            throw new DexRevert("UniswapV2: INSUFFICIENT_OUTPUT_AMOUNT");
        }
        if (amount0Out.compareTo(reserve0) >= 0 || amount1Out.compareTo(reserve1) >= 0) {
            throw new DexRevert("UniswapV2: INSUFFICIENT_LIQUIDITY");
        }
        if (amount0In.signum() <= 0 && amount1In.signum() <= 0) {
            throw new DexRevert("UniswapV2: INSUFFICIENT_INPUT_AMOUNT");
        }
        BigInteger balance0 = reserve0.add(amount0In).subtract(amount0Out);
        BigInteger balance1 = reserve1.add(amount1In).subtract(amount1Out);
        if (isLatestQuote(amount0In, amount1In, amount0Out, amount1Out)) {
            // out = floor(in*f*R' / D) with D = R*B + in*f (f = B - fee) gives D*(R' - out) >= R*R'*B,
            // which is the K check below: it cannot fail for the reserves the quote was computed on
            reserve0 = balance0;
            reserve1 = balance1;
            version++;
            return;
        }
        BigInteger adjusted0 = balance0.multiply(BPS).subtract(amount0In.multiply(fee));
        BigInteger adjusted1 = balance1.multiply(BPS).subtract(amount1In.multiply(fee));
        if (adjusted0.multiply(adjusted1).compareTo(reserve0.multiply(reserve1).multiply(BPS_SQUARED)) < 0) {
            throw new DexRevert("UniswapV2: K");
        }
        reserve0 = balance0;
        reserve1 = balance1;
        version++;
    }

    /** Whether the swap is exactly the latest exact-input quote, on the reserves it was computed on. */
    private boolean isLatestQuote(BigInteger amount0In, BigInteger amount1In, BigInteger amount0Out, BigInteger amount1Out) {
        if (quotedVersion != version) {
            return false;
        }
        return quotedZeroForOne
                ? amount1In.signum() == 0 && amount0Out.signum() == 0 && amount0In.equals(quotedIn) && amount1Out.equals(quotedOut)
                : amount0In.signum() == 0 && amount1Out.signum() == 0 && amount1In.equals(quotedIn) && amount0Out.equals(quotedOut);
    }

    /** Adds liquidity (amounts already transferred in) and returns the LP shares minted to the provider. */
    public BigInteger mint(BigInteger amount0, BigInteger amount1) {
        BigInteger liquidity;
        if (totalSupply.signum() == 0) {
            liquidity = amount0.multiply(amount1).sqrt().subtract(MINIMUM_LIQUIDITY);
            // the first MINIMUM_LIQUIDITY shares are locked forever at address(0)
            totalSupply = MINIMUM_LIQUIDITY;
        } else {
            liquidity = amount0.multiply(totalSupply).divide(reserve0)
                    .min(amount1.multiply(totalSupply).divide(reserve1));
        }
        if (liquidity.signum() <= 0) {
            throw new DexRevert("UniswapV2: INSUFFICIENT_LIQUIDITY_MINTED");
        }
        totalSupply = totalSupply.add(liquidity);
        reserve0 = reserve0.add(amount0);
        reserve1 = reserve1.add(amount1);
        version++;
        return liquidity;
    }

    /** Burns LP shares and returns {amount0, amount1} paid out, pro rata to the reserves. */
    public BigInteger[] burn(BigInteger liquidity) {
        if (liquidity.signum() <= 0 || liquidity.compareTo(totalSupply) > 0) {
            throw new DexRevert("UniswapV2: INSUFFICIENT_LIQUIDITY_BURNED");
        }
        BigInteger amount0 = liquidity.multiply(reserve0).divide(totalSupply);
        BigInteger amount1 = liquidity.multiply(reserve1).divide(totalSupply);
        if (amount0.signum() <= 0 || amount1.signum() <= 0) {
            throw new DexRevert("UniswapV2: INSUFFICIENT_LIQUIDITY_BURNED");
        }
        totalSupply = totalSupply.subtract(liquidity);
        reserve0 = reserve0.subtract(amount0);
        reserve1 = reserve1.subtract(amount1);
        version++;
        return new BigInteger[] {amount0, amount1};
    }

    @Override
    public String toString() {
        return "V2Pool[reserve0=" + reserve0 + ", reserve1=" + reserve1 + ", supply=" + totalSupply + ", feeBps=" + feeBps + "]";
    }
}
