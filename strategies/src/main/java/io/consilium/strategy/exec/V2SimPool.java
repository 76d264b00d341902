package io.consilium.strategy.exec;

import io.consilium.chain.dex.DexRevert;
import io.consilium.chain.dex.v2.V2Pool;
import io.consilium.strategy.config.PoolSpec;
import java.math.BigInteger;

/**
 * A Uniswap V2 pair (token0 = base) seeded with the YAML's depth at the first price. Fills use the
 * chain module's exact V2 math: while the reserves are below 2^112 and an input below 2^63 (every
 * realistic pair), the pair's reserves are two limbs each and {@link V2Limbs} computes
 * getAmountOut without allocating; otherwise the state is a chain {@link V2Pool} and its
 * BigInteger math decides (reverts included). The arbitrage trade that moves the pair to a market
 * price is sized in closed form from the constant product (fee included), then executed exactly.
 */
final class V2SimPool implements SimPool {
    private static final BigInteger BPS = BigInteger.valueOf(10_000);
    private final PoolSpec spec;
    private final PairScale scale;
    private final PoolStats stats = new PoolStats();
    private final V2Limbs math = new V2Limbs();
    private final BigInteger supply;
    /** The reserves as limbs while both are below 2^112 ({@code wide == null}). */
    private long r0Hi;
    private long r0Lo;
    private long r1Hi;
    private long r1Lo;
    /** The pair's state while a reserve is 2^112 or more, else null. */
    private V2Pool wide;
    /** Bumped by every change of the reserves. */
    private long version;
    /** The latest limb quote, valid while quotedVersion == version: its commit needs no K check. */
    private long quotedVersion = -1;
    private boolean quotedSell;
    private long quotedInHi;
    private long quotedInLo;
    private long quotedOutHi;
    private long quotedOutLo;

    V2SimPool(PoolSpec spec, int baseDecimals, int quoteDecimals, double startPrice) {
        this(spec, new PairScale(baseDecimals, quoteDecimals, true), spec.liquidity().doubleValue() / 2, startPrice);
    }

    private V2SimPool(PoolSpec spec, PairScale scale, double half, double startPrice) {
        this(spec, scale, scale.baseUnits(half / startPrice), scale.quoteUnits(half));
    }

    /** A pair with the given reserves (token0 = base). */
    V2SimPool(PoolSpec spec, PairScale scale, BigInteger r0, BigInteger r1) {
        this.spec = spec;
        this.scale = scale;
        this.supply = r0.multiply(r1).sqrt();
        load(new V2Pool(spec.feeBps(), r0, r1, supply));
    }

    /** Takes the pair's state from p: as limbs when both reserves fit, else p itself. */
    private void load(V2Pool p) {
        BigInteger r0 = p.reserve0();
        BigInteger r1 = p.reserve1();
        if (V2Limbs.fits(r0, V2Limbs.BITS) && V2Limbs.fits(r1, V2Limbs.BITS)) {
            r0Hi = V2Limbs.hi(r0);
            r0Lo = V2Limbs.lo(r0);
            r1Hi = V2Limbs.hi(r1);
            r1Lo = V2Limbs.lo(r1);
            wide = null;
        } else {
            wide = p;
        }
    }

    /** The pair as a chain V2Pool: the wide state itself, or a new pair on the limb reserves. */
    private V2Pool pair() {
        return wide != null ? wide : new V2Pool(spec.feeBps(), V2Limbs.big(r0Hi, r0Lo), V2Limbs.big(r1Hi, r1Lo), supply);
    }

    /** Whether the reserves are held as limbs (below 2^112) now. */
    boolean limbs() {
        return wide == null;
    }

    BigInteger reserve0() {
        return wide != null ? wide.reserve0() : V2Limbs.big(r0Hi, r0Lo);
    }

    BigInteger reserve1() {
        return wide != null ? wide.reserve1() : V2Limbs.big(r1Hi, r1Lo);
    }

    /** reserve0().doubleValue() without the BigInteger. */
    private double reserve0Double() {
        return wide != null ? wide.reserve0().doubleValue() : V2Limbs.toDouble(r0Hi, r0Lo);
    }

    private double reserve1Double() {
        return wide != null ? wide.reserve1().doubleValue() : V2Limbs.toDouble(r1Hi, r1Lo);
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
        if (midVersion != version) {
            mid = scale.toHuman(reserve1Double() / reserve0Double());
            midVersion = version;
        }
        return mid;
    }

    private long midVersion = -1;
    private double mid;

    @Override
    public SwapFill quote(boolean sellBase, BigInteger amountIn) {
        BigInteger out = quoteOut(sellBase, amountIn);
        double m = mid();
        return new SwapFill(spec.id(), sellBase, amountIn, out, fee(amountIn), m, Double.NaN, 0);
    }

    /** getAmountOut on the current reserves: on limbs when it can, else the chain's (which reverts as the router would). */
    private BigInteger quoteOut(boolean sellBase, BigInteger amountIn) {
        if (wide == null && amountIn.signum() > 0 && amountIn.bitLength() < V2Limbs.BITS
                && limbQuote(sellBase, V2Limbs.hi(amountIn), V2Limbs.lo(amountIn))) {
            return V2Limbs.big(quotedOutHi, quotedOutLo);
        }
        return pair().quoteExactIn(sellBase, amountIn);
    }

    /** A limb quote of 0 < a < 2^112 on limb reserves, remembered as the latest; false when a reserve is 0 (the chain reverts). */
    private boolean limbQuote(boolean sellBase, long aHi, long aLo) {
        if ((r0Hi | r0Lo) == 0 || (r1Hi | r1Lo) == 0) {
            return false;
        }
        if (sellBase) {
            math.amountOut(aHi, aLo, r0Hi, r0Lo, r1Hi, r1Lo, spec.feeBps());
        } else {
            math.amountOut(aHi, aLo, r1Hi, r1Lo, r0Hi, r0Lo, spec.feeBps());
        }
        quotedVersion = version;
        quotedSell = sellBase;
        quotedInHi = aHi;
        quotedInLo = aLo;
        quotedOutHi = math.qHi;
        quotedOutLo = math.qLo;
        return true;
    }

    @Override
    public SwapFill swap(boolean sellBase, BigInteger amountIn, long time) {
        return settle(sellBase, amountIn, quoteOut(sellBase, amountIn), time);
    }

    /** {@link SimPool#fill} with one fill record and the pair's quote reused for its swap. */
    @Override
    public SwapFill fill(boolean sellBase, BigInteger amountIn, BigInteger minOut, long time) {
        BigInteger out;
        try {
            out = quoteOut(sellBase, amountIn);
        } catch (DexRevert e) {
            return null;
        }
        if (out.compareTo(minOut) < 0 || out.signum() <= 0) {
            return null;
        }
        return settle(sellBase, amountIn, out, time);
    }

    /** Applies a quoted swap: the reserves move, the swap is recorded, and its fill is returned. */
    private SwapFill settle(boolean sellBase, BigInteger amountIn, BigInteger out, long time) {
        double before = mid();
        commit(sellBase, amountIn, out);
        record(sellBase, U128.doubleOf(amountIn), before, time);
        return new SwapFill(spec.id(), sellBase, amountIn, out, fee(amountIn), before, mid(), 0);
    }

    /** The quote's output is what getAmountOut gives on the unchanged reserves; the pair still checks K. */
    @Override
    public SwapFill execute(SwapFill q, long time) {
        double before = mid();
        commit(q.sellBase(), q.amountIn(), q.amountOut());
        record(q.sellBase(), q.amountIn().doubleValue(), before, time);
        return new SwapFill(spec.id(), q.sellBase(), q.amountIn(), q.amountOut(), q.feeIn(), before, mid(), 0);
    }

    private void commit(boolean sellBase, BigInteger in, BigInteger out) {
        if (wide == null && quotedVersion == version && quotedSell == sellBase && out.signum() > 0
                && in.bitLength() < V2Limbs.BITS && V2Limbs.lo(in) == quotedInLo && V2Limbs.hi(in) == quotedInHi
                && out.bitLength() < 128
                && V2Limbs.lo(out) == quotedOutLo && V2Limbs.hi(out) == quotedOutHi) {
            // the latest quote on these reserves: the pair's K check cannot fail (see V2Pool.swap)
            applyQuote();
            return;
        }
        V2Pool p = pair();
        if (sellBase) {
            p.swap(in, BigInteger.ZERO, BigInteger.ZERO, out);
        } else {
            p.swap(BigInteger.ZERO, in, out, BigInteger.ZERO);
        }
        load(p);
        version++;
    }

    /** The reserves after the latest limb quote (input in, output out): the pair's swap on limbs. */
    private void applyQuote() {
        long inHi;
        long inLo;
        if (quotedSell) {
            inHi = r0Hi;
            inLo = r0Lo;
        } else {
            inHi = r1Hi;
            inLo = r1Lo;
        }
        long sLo = inLo + quotedInLo;
        long sHi = inHi + quotedInHi + (Long.compareUnsigned(sLo, inLo) < 0 ? 1 : 0);
        long outHi = quotedSell ? r1Hi : r0Hi;
        long outLo = quotedSell ? r1Lo : r0Lo;
        long dLo = outLo - quotedOutLo;
        long dHi = outHi - quotedOutHi - (Long.compareUnsigned(outLo, quotedOutLo) < 0 ? 1 : 0);
        if (quotedSell) {
            r0Hi = sHi;
            r0Lo = sLo;
            r1Hi = dHi;
            r1Lo = dLo;
        } else {
            r1Hi = sHi;
            r1Lo = sLo;
            r0Hi = dHi;
            r0Lo = dLo;
        }
        version++;
        if (Long.numberOfLeadingZeros(sHi) < 128 - V2Limbs.BITS) {
            // the input reserve reached 2^112: from here the chain's BigInteger pair holds the state
            wide = new V2Pool(spec.feeBps(), V2Limbs.big(r0Hi, r0Lo), V2Limbs.big(r1Hi, r1Lo), supply);
        }
    }

    @Override
    public void arbitrageTo(double price, long time) {
        double x = reserve0Double();
        double y = reserve1Double();
        double target = scale.toRaw(price);
        double current = y / x;
        if (Math.abs(target / current - 1) < 1e-12) {
            return;
        }
        boolean sellBase = target < current;
        double keep = 1 - spec.feeBps() / 10_000.0;
        double in = sellBase ? inputToReach(x, y, target, keep) : inputToReach(y, x, 1 / target, keep);
        if (wide == null && in > 0 && in < 0x1p112) {
            // PairScale.toUnits(in, 0) as limbs: below 9e18 the truncated long, above it the
            // double's own integer value (its 53-bit significand shifted left by at least 11)
            long aHi = 0;
            long aLo;
            if (in < 9.0e18) {
                aLo = (long) in;
                if (aLo <= 0) {
                    return;
                }
            } else {
                int exp = Math.getExponent(in) - 52;
                long significand = (Double.doubleToRawLongBits(in) & 0x000f_ffff_ffff_ffffL) | 0x0010_0000_0000_0000L;
                aLo = significand << exp;
                aHi = significand >>> (64 - exp);
            }
            if (limbQuote(sellBase, aHi, aLo)) {
                if ((quotedOutHi | quotedOutLo) == 0) {
                    return;
                }
                double before = mid();
                applyQuote();
                record(sellBase, V2Limbs.toDouble(aHi, aLo), before, time);
                return;
            }
        }
        BigInteger amountIn = PairScale.toUnits(in, 0);
        if (amountIn.signum() <= 0) {
            return;
        }
        BigInteger out = pair().quoteExactIn(sellBase, amountIn);
        if (out.signum() <= 0) {
            return;
        }
        double before = mid();
        commit(sellBase, amountIn, out);
        record(sellBase, amountIn.doubleValue(), before, time);
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
        if (amountIn.signum() >= 0 && amountIn.bitLength() < 63 && spec.feeBps() >= 0 && spec.feeBps() < 10_000) {
            // with a = q·10^4 + r: floor(a·fee / 10^4) = q·fee + floor(r·fee / 10^4), all below 2^63
            long a = amountIn.longValue();
            int fee = spec.feeBps();
            return BigInteger.valueOf(a / 10_000 * fee + a % 10_000 * fee / 10_000);
        }
        return amountIn.multiply(BigInteger.valueOf(spec.feeBps())).divide(BPS);
    }

    /** amountIn: the input's base units as a double (BigInteger.doubleValue), as PairScale's baseHuman/quoteHuman read it. */
    private void record(boolean sellBase, double amountIn, double mid, long time) {
        double vol = sellBase ? amountIn / PairScale.pow10(scale.baseDecimals()) * mid
                : amountIn / PairScale.pow10(scale.quoteDecimals());
        stats.add(time, vol * spec.feeBps() / 10_000.0, vol);
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
        // A full-range pool: its value is all the depth it has, whatever the width asked about.
        return 2 * scale.quoteHuman(reserve1());
    }
}
