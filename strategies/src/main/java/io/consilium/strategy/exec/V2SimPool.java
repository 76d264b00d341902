package io.consilium.strategy.exec;

import io.consilium.chain.dex.v2.V2Pool;
import io.consilium.strategy.config.PoolSpec;
import java.math.BigInteger;

/**
 * A Uniswap V2 pair (token0 = base) seeded with the YAML's depth at the first price. Fills use the
 * chain module's exact {@link V2Pool}; the arbitrage trade that moves it to a market price is sized
 * in closed form from the constant product (fee included), then executed exactly.
 */
final class V2SimPool implements SimPool {
    private static final BigInteger BPS = BigInteger.valueOf(10_000);
    private final PoolSpec spec;
    private final PairScale scale;
    private final V2Pool pool;
    private final PoolStats stats = new PoolStats();

    V2SimPool(PoolSpec spec, int baseDecimals, int quoteDecimals, double startPrice) {
        this.spec = spec;
        this.scale = new PairScale(baseDecimals, quoteDecimals, true);
        double half = spec.liquidity().doubleValue() / 2;
        BigInteger r0 = scale.baseUnits(half / startPrice);
        BigInteger r1 = scale.quoteUnits(half);
        this.pool = new V2Pool(spec.feeBps(), r0, r1, r0.multiply(r1).sqrt());
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
        // a pure function of the reserves, read many times per event: kept until they change
        BigInteger r0 = pool.reserve0();
        BigInteger r1 = pool.reserve1();
        if (r0 != midReserve0 || r1 != midReserve1) {
            mid = scale.toHuman(r1.doubleValue() / r0.doubleValue());
            midReserve0 = r0;
            midReserve1 = r1;
        }
        return mid;
    }

    private BigInteger midReserve0;
    private BigInteger midReserve1;
    private double mid;

    @Override
    public SwapFill quote(boolean sellBase, BigInteger amountIn) {
        BigInteger out = pool.quoteExactIn(sellBase, amountIn);
        double m = mid();
        return new SwapFill(spec.id(), sellBase, amountIn, out, fee(amountIn), m, Double.NaN, 0);
    }

    @Override
    public SwapFill swap(boolean sellBase, BigInteger amountIn, long time) {
        double before = mid();
        BigInteger out = pool.swapExactIn(sellBase, amountIn);
        record(sellBase, amountIn, before, time);
        return new SwapFill(spec.id(), sellBase, amountIn, out, fee(amountIn), before, mid(), 0);
    }

    /** The quote's output is what getAmountOut gives on the unchanged reserves; the pair still checks K. */
    @Override
    public SwapFill execute(SwapFill q, long time) {
        double before = mid();
        commit(q.sellBase(), q.amountIn(), q.amountOut());
        record(q.sellBase(), q.amountIn(), before, time);
        return new SwapFill(spec.id(), q.sellBase(), q.amountIn(), q.amountOut(), q.feeIn(), before, mid(), 0);
    }

    private void commit(boolean sellBase, BigInteger in, BigInteger out) {
        if (sellBase) {
            pool.swap(in, BigInteger.ZERO, BigInteger.ZERO, out);
        } else {
            pool.swap(BigInteger.ZERO, in, out, BigInteger.ZERO);
        }
    }

    @Override
    public void arbitrageTo(double price, long time) {
        double x = pool.reserve0().doubleValue();
        double y = pool.reserve1().doubleValue();
        double target = scale.toRaw(price);
        double current = y / x;
        if (Math.abs(target / current - 1) < 1e-12) {
            return;
        }
        boolean sellBase = target < current;
        double keep = 1 - spec.feeBps() / 10_000.0;
        double in = sellBase ? inputToReach(x, y, target, keep) : inputToReach(y, x, 1 / target, keep);
        BigInteger amountIn = PairScale.toUnits(in, 0);
        if (amountIn.signum() <= 0) {
            return;
        }
        BigInteger out = pool.quoteExactIn(sellBase, amountIn);
        if (out.signum() <= 0) {
            return;
        }
        double before = mid();
        commit(sellBase, amountIn, out);
        record(sellBase, amountIn, before, time);
    }

    /**
     * Input of token "in" that brings reserves (in, out) to out'/in' = p. With b = input after the
     * fee, out' = out*in/(in+b) and in' = in + b/keep (the fee stays in the pool), which gives
     * (p/keep) b^2 + p*in*(1 + 1/keep) b + p*in^2 - in*out = 0.
     */
    static double inputToReach(double in, double out, double p, double keep) {
        double a = p / keep;
        double b = p * in * (1 + 1 / keep);
        double c = p * in * in - in * out;
        double root = (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
        return root / keep;
    }

    private BigInteger fee(BigInteger amountIn) {
        if (amountIn.signum() >= 0 && amountIn.bitLength() < 49 && spec.feeBps() >= 0 && spec.feeBps() < 10_000) {
            // amountIn * fee < 2^49 * 10^4 < 2^63: the same floor in a long
            return BigInteger.valueOf(amountIn.longValue() * spec.feeBps() / 10_000);
        }
        return amountIn.multiply(BigInteger.valueOf(spec.feeBps())).divide(BPS);
    }

    private void record(boolean sellBase, BigInteger amountIn, double mid, long time) {
        double vol = sellBase ? scale.baseHuman(amountIn) * mid : scale.quoteHuman(amountIn);
        stats.add(time, vol * spec.feeBps() / 10_000.0, vol);
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
        // A full-range pool: its value is all the depth it has, whatever the width asked about.
        return 2 * scale.quoteHuman(pool.reserve1());
    }
}
