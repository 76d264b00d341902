package io.consilium.strategy.exec;

import io.consilium.chain.dex.v3.Amounts;
import io.consilium.chain.dex.v3.LiquidityAmounts;
import io.consilium.chain.dex.v3.SwapResult;
import io.consilium.chain.dex.v3.TickMath;
import io.consilium.chain.dex.v3.V3Pool;
import io.consilium.strategy.config.PoolSpec;
import io.consilium.strategy.data.SwapEvent;
import java.math.BigInteger;

/**
 * A Uniswap V3 pool run by the chain module's exact {@link V3Pool}. The outside world's liquidity is
 * one "background" position: for a simulated pool it holds the YAML's depth on the YAML's range;
 * when replaying recorded swaps it is full-range and resized before each swap so the active
 * liquidity equals mainnet's, then the recorded input is swapped and arbitrage brings the price to
 * the recorded sqrtPriceX96. Strategy positions are ordinary positions in the same pool, so they
 * earn fees through feeGrowthInside exactly as on chain.
 */
final class V3SimPool implements SimPool {
    static final String BACKGROUND = "background";
    private static final BigInteger ARB_AMOUNT = BigInteger.ONE.shiftLeft(200);
    private final PoolSpec spec;
    private final PairScale scale;
    private final V3Pool pool;
    private final PoolStats stats = new PoolStats();
    private final int bgLower;
    private final int bgUpper;
    private BigInteger bgLiquidity;
    private long ticksCrossed;
    /** The latest quote and the fill made of it, so that executing that fill commits the quote. */
    private SwapResult lastQuote;
    private SwapFill lastQuoteFill;

    /** A simulated pool (token0 = base) with the YAML's depth around the start price. */
    V3SimPool(PoolSpec spec, int baseDecimals, int quoteDecimals, double startPrice) {
        this.spec = spec;
        this.scale = new PairScale(baseDecimals, quoteDecimals, true);
        int spacing = spec.effectiveTickSpacing();
        this.pool = new V3Pool(spec.feeBps() * 100, spacing, scale.sqrtX96FromHuman(startPrice));
        boolean full = spec.rangeWidth() == null || spec.rangeWidth() >= 1;
        int bands = full ? 1 : spec.bands();
        int[][] ranges = new int[bands][];
        double valuePerL = 0;
        for (int k = 1; k <= bands; k++) {
            double w = full ? 0 : spec.rangeWidth() * k / bands;
            ranges[k - 1] = full ? new int[] {minTick(spacing), maxTick(spacing)}
                    : ticks(startPrice * (1 - w), startPrice * (1 + w));
            double[] perL = amountsPerLiquidity(tickPrice(ranges[k - 1][0]), tickPrice(ranges[k - 1][1]));
            valuePerL += perL[0] * startPrice + perL[1];
        }
        this.bgLower = ranges[bands - 1][0];
        this.bgUpper = ranges[bands - 1][1];
        this.bgLiquidity = PairScale.toUnits(spec.liquidity().doubleValue() / valuePerL, 0);
        for (int k = 0; k < bands; k++) {
            pool.mint(k == bands - 1 ? BACKGROUND : BACKGROUND + "-" + k, ranges[k][0], ranges[k][1], bgLiquidity);
        }
    }

    /** A pool that replays recorded swaps, starting in the state after the first one. */
    V3SimPool(PoolSpec spec, int baseDecimals, int quoteDecimals, SwapEvent first) {
        this.spec = spec;
        this.scale = new PairScale(baseDecimals, quoteDecimals, spec.token0().equals(spec.base()));
        int spacing = spec.effectiveTickSpacing();
        this.pool = new V3Pool(spec.feeBps() * 100, spacing, first.sqrtPriceX96());
        this.bgLower = minTick(spacing);
        this.bgUpper = maxTick(spacing);
        this.bgLiquidity = first.liquidity();
        pool.mint(BACKGROUND, bgLower, bgUpper, bgLiquidity);
    }

    V3Pool pool() {
        return pool;
    }

    @Override
    public PoolSpec spec() {
        return spec;
    }

    @Override
    public PairScale scale() {
        return scale;
    }

    @Override
    public double mid() {
        // a pure function of the pool's price, read many times per event: kept until it changes
        BigInteger p = pool.sqrtPriceX96();
        if (p != midPrice) {
            mid = scale.humanFromSqrtX96(p);
            midPrice = p;
        }
        return mid;
    }

    private BigInteger midPrice;
    private double mid;

    private boolean zeroForOne(boolean sellBase) {
        return sellBase == scale.baseIsToken0();
    }

    @Override
    public SwapFill quote(boolean sellBase, BigInteger amountIn) {
        boolean z = zeroForOne(sellBase);
        SwapResult r = pool.quote(z, amountIn, V3Pool.noLimit(z));
        SwapFill f = new SwapFill(spec.id(), sellBase, r.amountIn(), r.amountOut(), r.feeAmount(), mid(),
                scale.humanFromSqrtX96(r.sqrtPriceX96()), r.ticksCrossed());
        // a partial fill would be executed as a swap of what it used, which is another swap than the one quoted
        lastQuote = r.amountIn().equals(amountIn) ? r : null;
        lastQuoteFill = lastQuote == null ? null : f;
        return f;
    }

    /** The pool keeps its latest quote: executing exactly that fill commits it instead of swapping again. */
    @Override
    public SwapFill execute(SwapFill quoted, long time) {
        if (quoted != lastQuoteFill || lastQuoteFill == null) {
            return swap(quoted.sellBase(), quoted.amountIn(), time);
        }
        SwapResult q = lastQuote;
        lastQuote = null;
        lastQuoteFill = null;
        double before = mid();
        SwapResult r;
        try {
            r = pool.commit(q);
        } catch (IllegalStateException stale) {
            // the pool changed after the quote: the quote no longer describes it, so swap afresh
            return swap(quoted.sellBase(), quoted.amountIn(), time);
        }
        record(quoted.sellBase(), r, before, time);
        return new SwapFill(spec.id(), quoted.sellBase(), r.amountIn(), r.amountOut(), r.feeAmount(), before, mid(), r.ticksCrossed());
    }

    @Override
    public SwapFill swap(boolean sellBase, BigInteger amountIn, long time) {
        double before = mid();
        boolean z = zeroForOne(sellBase);
        SwapResult r = pool.swap(z, amountIn, V3Pool.noLimit(z));
        record(sellBase, r, before, time);
        return new SwapFill(spec.id(), sellBase, r.amountIn(), r.amountOut(), r.feeAmount(), before, mid(), r.ticksCrossed());
    }

    @Override
    public void arbitrageTo(double price, long time) {
        moveTo(scale.sqrtX96FromHuman(price), time);
    }

    private void moveTo(BigInteger target, long time) {
        int c = target.compareTo(pool.sqrtPriceX96());
        if (c == 0 || target.compareTo(TickMath.MIN_SQRT_RATIO) <= 0 || target.compareTo(TickMath.MAX_SQRT_RATIO) >= 0) {
            return;
        }
        boolean z = c < 0;
        double before = mid();
        SwapResult r = pool.swap(z, ARB_AMOUNT, target);
        record(z == scale.baseIsToken0(), r, before, time);
    }

    /** Replays one recorded swap inside the simulated pool (see the class comment). */
    void replay(SwapEvent e) {
        BigInteger delta = e.liquidity().subtract(bgLiquidity);
        if (delta.signum() > 0) {
            pool.mint(BACKGROUND, bgLower, bgUpper, delta);
        } else if (delta.signum() < 0) {
            pool.burn(BACKGROUND, bgLower, bgUpper, delta.negate());
        }
        bgLiquidity = e.liquidity();
        boolean z = e.amount0().signum() > 0;
        BigInteger in = z ? e.amount0() : e.amount1();
        if (in.signum() > 0 && pool.liquidity().signum() > 0) {
            double before = mid();
            SwapResult r = pool.swap(z, in, V3Pool.noLimit(z));
            record(z == scale.baseIsToken0(), r, before, e.time());
        }
        moveTo(e.sqrtPriceX96(), e.time());
    }

    /** Initialized ticks crossed by every swap so far (outside flow and strategy fills). */
    @Override
    public long ticksCrossed() {
        return ticksCrossed;
    }

    private void record(boolean sellBase, SwapResult r, double mid, long time) {
        ticksCrossed += r.ticksCrossed();
        double vol = sellBase ? scale.baseHuman(r.amountIn()) * mid : scale.quoteHuman(r.amountIn());
        double fee = sellBase ? scale.baseHuman(r.feeAmount()) * mid : scale.quoteHuman(r.feeAmount());
        stats.add(time, fee, vol);
    }

    /** Room for this many fee/volume samples without regrowing. */
    void reserve(int events) {
        stats.reserve(events);
    }

    @Override
    public double feesSince(long since) {
        return stats.feesSince(since);
    }

    @Override
    public double volumeSince(long since) {
        return stats.volumeSince(since);
    }

    @Override
    public double depth(double width) {
        double p = mid();
        double[] perL = amountsPerLiquidity(p * (1 - width), p * (1 + width));
        return pool.liquidity().doubleValue() * (perL[0] * p + perL[1]);
    }

    /** [base, quote] human amounts per unit of liquidity on a human price range at the current price. */
    double[] amountsPerLiquidity(double lowerPrice, double upperPrice) {
        double s = pool.sqrtPriceX96().doubleValue() / Math.pow(2, 96);
        double a = Math.sqrt(scale.toRaw(lowerPrice));
        double b = Math.sqrt(scale.toRaw(upperPrice));
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        double sc = Math.min(Math.max(s, lo), hi);
        double amount0 = 1 / sc - 1 / hi;
        double amount1 = sc - lo;
        double base = scale.baseIsToken0() ? amount0 : amount1;
        double quote = scale.baseIsToken0() ? amount1 : amount0;
        return new double[] {base / Math.pow(10, scale.baseDecimals()), quote / Math.pow(10, scale.quoteDecimals())};
    }

    /** Tick range [lower, upper] (aligned to the spacing, lower < upper) covering a human price range. */
    int[] ticks(double lowerPrice, double upperPrice) {
        int spacing = spec.effectiveTickSpacing();
        int t1 = scale.tickFloor(lowerPrice);
        int t2 = scale.tickFloor(upperPrice);
        int lo = Math.floorDiv(Math.min(t1, t2), spacing) * spacing;
        int hi = Math.floorDiv(Math.max(t1, t2), spacing) * spacing + spacing;
        lo = Math.max(lo, minTick(spacing));
        hi = Math.min(hi, maxTick(spacing));
        return new int[] {lo, hi};
    }

    /** Human price at a tick. */
    double tickPrice(int tick) {
        return scale.toHuman(Math.pow(1.0001, tick));
    }

    Amounts amountsFor(int lower, int upper, BigInteger liquidity) {
        return LiquidityAmounts.getAmountsForLiquidity(pool.sqrtPriceX96(), TickMath.getSqrtRatioAtTick(lower),
                TickMath.getSqrtRatioAtTick(upper), liquidity);
    }

    static int minTick(int spacing) {
        return -(TickMath.MAX_TICK / spacing) * spacing;
    }

    static int maxTick(int spacing) {
        return (TickMath.MAX_TICK / spacing) * spacing;
    }
}
