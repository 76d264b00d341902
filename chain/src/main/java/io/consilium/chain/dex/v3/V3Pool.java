package io.consilium.chain.dex.v3;

import io.consilium.chain.dex.DexRevert;
import io.consilium.chain.dex.Uint;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * An in-memory UniswapV3Pool (protocol fee 0): swaps across initialized ticks with fee growth, mint,
 * burn and collect with fee accounting through feeGrowthInside, so that amounts and fees equal the
 * contract's to the wei. Oracle observations are left out; they do not change amounts.
 * Not thread-safe: one owner (a backtest, a quoter) uses it at a time.
 */
public final class V3Pool {
    private static final BigInteger Q128 = BigInteger.ONE.shiftLeft(128);

    private final int fee;
    private final int tickSpacing;
    private final BigInteger maxLiquidityPerTick;
    private final NavigableMap<Integer, TickInfo> ticks = new TreeMap<>();
    private final TickBitmap bitmap = new TickBitmap();
    private final Map<Position.Key, Position> positions = new HashMap<>();

    private BigInteger sqrtPriceX96;
    private int tick;
    private BigInteger liquidity = BigInteger.ZERO;
    private BigInteger feeGrowthGlobal0X128 = BigInteger.ZERO;
    private BigInteger feeGrowthGlobal1X128 = BigInteger.ZERO;
    /** Bumped by every state change, so a quote can tell whether it still describes this pool. */
    private long version;
    /** What the last quote would change, kept so that {@link #commit} need not compute the swap again. */
    private Pending pending;

    /** A freshly initialized pool at the given price (UniswapV3Pool.initialize). */
    public V3Pool(int feePips, int tickSpacing, BigInteger sqrtPriceX96) {
        this(feePips, tickSpacing, sqrtPriceX96, TickMath.getTickAtSqrtRatio(sqrtPriceX96), BigInteger.ZERO,
                BigInteger.ZERO, BigInteger.ZERO);
    }

    /** A pool in a known state, e.g. read from the chain; add its initialized ticks with {@link #loadTick}. */
    public V3Pool(int feePips, int tickSpacing, BigInteger sqrtPriceX96, int tick, BigInteger liquidity,
                  BigInteger feeGrowthGlobal0X128, BigInteger feeGrowthGlobal1X128) {
        if (feePips < 0 || feePips >= 1_000_000 || tickSpacing <= 0) {
            throw new IllegalArgumentException("bad fee " + feePips + " or tick spacing " + tickSpacing);
        }
        this.fee = feePips;
        this.tickSpacing = tickSpacing;
        this.maxLiquidityPerTick = maxLiquidityPerTick(tickSpacing);
        this.sqrtPriceX96 = sqrtPriceX96;
        this.tick = tick;
        this.liquidity = liquidity;
        this.feeGrowthGlobal0X128 = feeGrowthGlobal0X128;
        this.feeGrowthGlobal1X128 = feeGrowthGlobal1X128;
    }

    /** Tick.tickSpacingToMaxLiquidityPerTick. */
    public static BigInteger maxLiquidityPerTick(int tickSpacing) {
        int minTick = (TickMath.MIN_TICK / tickSpacing) * tickSpacing;
        int maxTick = (TickMath.MAX_TICK / tickSpacing) * tickSpacing;
        long numTicks = (maxTick - minTick) / tickSpacing + 1L;
        return Uint.MAX_UINT128.divide(BigInteger.valueOf(numTicks));
    }

    /** Sets one initialized tick's state as read from the chain (ticks(int24) of the real pool). */
    public void loadTick(int t, TickInfo info) {
        if (info.liquidityGross.signum() == 0) {
            throw new IllegalArgumentException("tick " + t + " has no liquidity: not initialized");
        }
        version++;
        forgetTicks();
        if (ticks.put(t, info) == null) {
            bitmap.flipTick(t, tickSpacing);
        }
    }

    public int fee() {
        return fee;
    }

    public int tickSpacing() {
        return tickSpacing;
    }

    public BigInteger sqrtPriceX96() {
        return sqrtPriceX96;
    }

    public int tick() {
        return tick;
    }

    public BigInteger liquidity() {
        return liquidity;
    }

    public BigInteger feeGrowthGlobal0X128() {
        return feeGrowthGlobal0X128;
    }

    public BigInteger feeGrowthGlobal1X128() {
        return feeGrowthGlobal1X128;
    }

    public NavigableMap<Integer, TickInfo> ticks() {
        return Collections.unmodifiableNavigableMap(ticks);
    }

    public Position position(String owner, int tickLower, int tickUpper) {
        return positions.get(new Position.Key(owner, tickLower, tickUpper));
    }

    /**
     * UniswapV3Pool.swap.
     * @param amountSpecified > 0 exact input, < 0 exact output
     * @param sqrtPriceLimitX96 the price the swap may not pass (use MIN_SQRT_RATIO+1 / MAX_SQRT_RATIO-1 for none)
     */
    public SwapResult swap(boolean zeroForOne, BigInteger amountSpecified, BigInteger sqrtPriceLimitX96) {
        return run(zeroForOne, amountSpecified, sqrtPriceLimitX96, true, true);
    }

    /** {@link #swap} on the BigInteger loop only: the reference the limb loop is tested against. */
    SwapResult swapBig(boolean zeroForOne, BigInteger amountSpecified, BigInteger sqrtPriceLimitX96) {
        return run(zeroForOne, amountSpecified, sqrtPriceLimitX96, true, false);
    }

    /**
     * The same computation as {@link #swap} without changing the pool (a quote). The pool remembers
     * the latest quote so that {@link #commit} can apply it without computing the swap again.
     */
    public SwapResult quote(boolean zeroForOne, BigInteger amountSpecified, BigInteger sqrtPriceLimitX96) {
        return run(zeroForOne, amountSpecified, sqrtPriceLimitX96, false, true);
    }

    /**
     * Executes the swap just quoted: the pool ends in exactly the state {@link #swap} with the quote's
     * arguments would leave, and the quote is the swap's result. Only the latest quote can be committed,
     * and only while nothing else has changed the pool since (otherwise IllegalStateException).
     */
    public SwapResult commit(SwapResult quoted) {
        Pending p = pending;
        if (p == null || p.result != quoted || p.version != version) {
            throw new IllegalStateException("not the latest quote of this pool, or the pool changed since it was quoted");
        }
        pending = null;
        for (int i = 0; p.crossed != null && i < p.crossed.count(); i++) {
            BigInteger growth = p.crossed.growth(i);
            cross(p.crossed.tick(i), p.zeroForOne ? growth : feeGrowthGlobal0X128, p.zeroForOne ? feeGrowthGlobal1X128 : growth);
        }
        sqrtPriceX96 = quoted.sqrtPriceX96();
        tick = quoted.tick();
        liquidity = quoted.liquidity();
        if (p.zeroForOne) {
            feeGrowthGlobal0X128 = p.feeGrowthGlobal;
        } else {
            feeGrowthGlobal1X128 = p.feeGrowthGlobal;
        }
        version++;
        return quoted;
    }

    /** A limit that never binds: the extreme price allowed in the swap direction. */
    public static BigInteger noLimit(boolean zeroForOne) {
        return zeroForOne ? NO_LIMIT_DOWN : NO_LIMIT_UP;
    }

    private static final BigInteger NO_LIMIT_DOWN = TickMath.MIN_SQRT_RATIO.add(BigInteger.ONE);
    private static final BigInteger NO_LIMIT_UP = TickMath.MAX_SQRT_RATIO.subtract(BigInteger.ONE);

    private SwapResult run(boolean zeroForOne, BigInteger amountSpecified, BigInteger limit, boolean commit,
                           boolean limbs) {
        pending = null;
        if (amountSpecified.signum() == 0) {
            throw new DexRevert("AS");
        }
        boolean validLimit = zeroForOne
                ? limit.compareTo(sqrtPriceX96) < 0 && limit.compareTo(TickMath.MIN_SQRT_RATIO) > 0
                : limit.compareTo(sqrtPriceX96) > 0 && limit.compareTo(TickMath.MAX_SQRT_RATIO) < 0;
        if (!validLimit) {
            throw new DexRevert("SPL");
        }
        boolean exactInput = amountSpecified.signum() > 0;
        if (limbs && exactInput && amountSpecified.bitLength() < 256) {
            LimbSwap.Outcome o = LimbSwap.run(this, zeroForOne, amountSpecified, limit,
                    zeroForOne ? feeGrowthGlobal0X128 : feeGrowthGlobal1X128);
            if (o != null) {
                // applied exactly as a quote followed by its commit: the same state the loop below leaves
                pending = new Pending(o.result(), version, zeroForOne, o.feeGrowthGlobal(), o.crossed());
                return commit ? commit(o.result()) : o.result();
            }
        }
        BigInteger remaining = amountSpecified;
        BigInteger calculated = BigInteger.ZERO;
        BigInteger price = sqrtPriceX96;
        int curTick = tick;
        BigInteger feeGrowthGlobal = zeroForOne ? feeGrowthGlobal0X128 : feeGrowthGlobal1X128;
        BigInteger liq = liquidity;
        BigInteger feeTotal = BigInteger.ZERO;
        int crossed = 0;
        CrossedTicks replay = null; // a quote's crossings, for its commit; allocated at the first one

        while (remaining.signum() != 0 && !price.equals(limit)) {
            BigInteger priceStart = price;
            TickBitmap.Next next = bitmap.nextInitializedTickWithinOneWord(curTick, tickSpacing, zeroForOne);
            int tickNext = Math.max(TickMath.MIN_TICK, Math.min(TickMath.MAX_TICK, next.tick()));
            BigInteger priceNext = sqrtRatioAtTick(tickNext);
            boolean limitFirst = zeroForOne ? priceNext.compareTo(limit) < 0 : priceNext.compareTo(limit) > 0;
            SwapMath.Step step = SwapMath.computeSwapStep(price, limitFirst ? limit : priceNext, liq, remaining, fee);
            price = step.sqrtRatioNextX96();
            if (exactInput) {
                remaining = remaining.subtract(step.amountIn().add(step.feeAmount()));
                calculated = calculated.subtract(step.amountOut());
            } else {
                remaining = remaining.add(step.amountOut());
                calculated = calculated.add(step.amountIn().add(step.feeAmount()));
            }
            feeTotal = feeTotal.add(step.feeAmount());
            if (liq.signum() > 0) {
                feeGrowthGlobal = Uint.wrap256(feeGrowthGlobal.add(FullMath.mulDivQ128(step.feeAmount(), liq)));
            }
            if (price.equals(priceNext)) {
                if (next.initialized()) {
                    BigInteger net;
                    if (commit) {
                        net = cross(tickNext, zeroForOne ? feeGrowthGlobal : feeGrowthGlobal0X128,
                                zeroForOne ? feeGrowthGlobal1X128 : feeGrowthGlobal);
                    } else {
                        net = ticks.get(tickNext).liquidityNet;
                        // remembered for commit: the tick and the swap direction's fee growth when it was crossed
                        if (replay == null) {
                            replay = new CrossedTicks();
                        }
                        replay.add(tickNext, feeGrowthGlobal);
                    }
                    liq = LiquidityMath.addDelta(liq, zeroForOne ? net.negate() : net);
                    crossed++;
                }
                curTick = zeroForOne ? tickNext - 1 : tickNext;
            } else if (!price.equals(priceStart)) {
                curTick = TickMath.getTickAtSqrtRatio(price);
            }
        }

        if (commit) {
            version++;
            sqrtPriceX96 = price;
            tick = curTick;
            liquidity = liq;
            if (zeroForOne) {
                feeGrowthGlobal0X128 = feeGrowthGlobal;
            } else {
                feeGrowthGlobal1X128 = feeGrowthGlobal;
            }
        }
        BigInteger used = amountSpecified.subtract(remaining);
        boolean specifiedIsToken0 = zeroForOne == exactInput;
        BigInteger amount0 = specifiedIsToken0 ? used : calculated;
        BigInteger amount1 = specifiedIsToken0 ? calculated : used;
        SwapResult result = new SwapResult(amount0, amount1, price, curTick, liq, feeTotal, crossed);
        if (!commit) {
            pending = new Pending(result, version, zeroForOne, feeGrowthGlobal, replay);
        }
        return result;
    }

    /**
     * TickMath.getSqrtRatioAtTick through a small direct-mapped cache: a swap ends its steps at the
     * same initialized ticks and word edges again and again, and the value of a tick never changes.
     */
    private BigInteger sqrtRatioAtTick(int t) {
        int slot = (t * 0x9E3779B9) >>> (32 - SQRT_CACHE_BITS);
        BigInteger v = sqrtCacheValue[slot];
        if (v != null && sqrtCacheTick[slot] == t) {
            return v;
        }
        v = TickMath.getSqrtRatioAtTick(t);
        sqrtCacheTick[slot] = t;
        sqrtCacheValue[slot] = v;
        sqrtCacheLimbs[slot] = null;
        return v;
    }

    /** {@link #sqrtRatioAtTick} as limbs, cached beside it. */
    long[] sqrtLimbsAtTick(int t) {
        int slot = (t * 0x9E3779B9) >>> (32 - SQRT_CACHE_BITS);
        long[] v = sqrtCacheLimbs[slot];
        if (v != null && sqrtCacheTick[slot] == t) {
            return v;
        }
        // fills the slot with t's BigInteger (and clears its limbs) first, so both describe t
        v = Limbs.of(sqrtRatioAtTick(t));
        sqrtCacheLimbs[slot] = v;
        return v;
    }

    /**
     * The limbs of a value of this pool's state (slots: 0 price, 1 liquidity, 2/3 fee growth of
     * token0/1, 4/5 the swap amount up to / beyond 128 bits), converted again only when the value is another object: the
     * state changes a few times per swap while swaps read it many times.
     */
    long[] limbs(int slot, BigInteger x) {
        if (limbsOf[slot] != x) {
            limbsOf[slot] = x;
            limbsCache[slot] = Limbs.of(x);
        }
        return limbsCache[slot];
    }

    /** Records limbs already known for a value (the limb loop's results, which become the state). */
    void rememberLimbs(int slot, BigInteger x, long[] limbs) {
        limbsOf[slot] = x;
        limbsCache[slot] = limbs;
    }

    private final BigInteger[] limbsOf = new BigInteger[6];
    private final long[][] limbsCache = new long[6][];

    /**
     * A prepared one-limb divisor (10^6 - fee, or a one-limb liquidity) from a small cache: each swap
     * divides by 10^6 - fee, and the price moving back and forth over a few ticks brings back the
     * same few liquidities, so the reciprocal (a divlu) is seldom made again.
     */
    Limbs.Divisor divisor(long d) {
        Limbs.Divisor[] c = divisors;
        for (int i = 0; i < c.length; i++) {
            Limbs.Divisor x = c[i];
            if (x != null && x.d == d) {
                return x;
            }
        }
        Limbs.Divisor x = new Limbs.Divisor(d);
        c[nextDivisor] = x;
        nextDivisor = (nextDivisor + 1) & (c.length - 1);
        return x;
    }

    private final Limbs.Divisor[] divisors = new Limbs.Divisor[8];
    private int nextDivisor;

    TickBitmap.Next nextTick(int fromTick, boolean lte) {
        return bitmap.nextInitializedTickWithinOneWord(fromTick, tickSpacing, lte);
    }

    BigInteger liquidityNetAt(int t) {
        return tickInfo(t).liquidityNet;
    }

    /**
     * ticks.get(t) through a small direct-mapped cache: swaps cross the same few ticks back and
     * forth, and a boxed lookup in the sorted map per crossing showed in profiles. The map's
     * entries (TickInfo objects, changed in place) stay the same until a tick is added or removed,
     * which clears the cache.
     */
    private TickInfo tickInfo(int t) {
        int k = (t ^ (t >>> 5)) & (cachedInfo.length - 1);
        TickInfo info = cachedInfo[k];
        if (info != null && cachedTick[k] == t) {
            return info;
        }
        info = ticks.get(t);
        cachedTick[k] = t;
        cachedInfo[k] = info;
        return info;
    }

    private void forgetTicks() {
        Arrays.fill(cachedInfo, null);
    }

    private final int[] cachedTick = new int[16];
    private final TickInfo[] cachedInfo = new TickInfo[16];

    private static final int SQRT_CACHE_BITS = 10;
    private final long[][] sqrtCacheLimbs = new long[1 << SQRT_CACHE_BITS][];
    private final int[] sqrtCacheTick = new int[1 << SQRT_CACHE_BITS];
    private final BigInteger[] sqrtCacheValue = new BigInteger[1 << SQRT_CACHE_BITS];

    /** @param crossed the quote's crossed ticks, or null when it crossed none */
    private record Pending(SwapResult result, long version, boolean zeroForOne, BigInteger feeGrowthGlobal,
                           CrossedTicks crossed) {
    }

    /** Tick.cross: flip the outside fee growth to the other side and return the tick's liquidityNet. */
    private BigInteger cross(int t, BigInteger global0, BigInteger global1) {
        TickInfo info = tickInfo(t);
        info.feeGrowthOutside0X128 = Uint.wrap256(global0.subtract(info.feeGrowthOutside0X128));
        info.feeGrowthOutside1X128 = Uint.wrap256(global1.subtract(info.feeGrowthOutside1X128));
        return info.liquidityNet;
    }

    /** Adds liquidity to owner's position; returns the token amounts the minter owes the pool (rounded up). */
    public Amounts mint(String owner, int tickLower, int tickUpper, BigInteger amount) {
        if (amount.signum() <= 0) {
            throw new DexRevert("mint amount must be positive");
        }
        return modifyPosition(owner, tickLower, tickUpper, amount);
    }

    /** Removes liquidity; the returned amounts are credited to the position's tokens owed (rounded down). */
    public Amounts burn(String owner, int tickLower, int tickUpper, BigInteger amount) {
        Amounts a = modifyPosition(owner, tickLower, tickUpper, amount.negate());
        BigInteger amount0 = a.amount0().negate();
        BigInteger amount1 = a.amount1().negate();
        if (amount0.signum() > 0 || amount1.signum() > 0) {
            Position p = positions.get(new Position.Key(owner, tickLower, tickUpper));
            p.tokensOwed0 = Uint.wrap128(p.tokensOwed0.add(amount0));
            p.tokensOwed1 = Uint.wrap128(p.tokensOwed1.add(amount1));
        }
        return new Amounts(amount0, amount1);
    }

    /** Pays out up to the requested amounts of tokens owed (fees are credited by burn, including burn of 0). */
    public Amounts collect(String owner, int tickLower, int tickUpper, BigInteger amount0Requested,
                           BigInteger amount1Requested) {
        Position p = positions.get(new Position.Key(owner, tickLower, tickUpper));
        if (p == null) {
            return new Amounts(BigInteger.ZERO, BigInteger.ZERO);
        }
        BigInteger a0 = amount0Requested.min(p.tokensOwed0);
        BigInteger a1 = amount1Requested.min(p.tokensOwed1);
        p.tokensOwed0 = p.tokensOwed0.subtract(a0);
        p.tokensOwed1 = p.tokensOwed1.subtract(a1);
        version++;
        return new Amounts(a0, a1);
    }

    /**
     * What the position could collect right now: tokens owed plus fees accrued since its last update,
     * as a burn of 0 followed by collect would pay, without changing the pool.
     */
    public Amounts positionFeesOwed(String owner, int tickLower, int tickUpper) {
        Position p = positions.get(new Position.Key(owner, tickLower, tickUpper));
        if (p == null) {
            return new Amounts(BigInteger.ZERO, BigInteger.ZERO);
        }
        BigInteger[] inside = feeGrowthInside(tickLower, tickUpper);
        BigInteger owed0 = Uint.wrap128(FullMath.mulDiv(Uint.wrap256(inside[0].subtract(p.feeGrowthInside0LastX128)), p.liquidity, Q128));
        BigInteger owed1 = Uint.wrap128(FullMath.mulDiv(Uint.wrap256(inside[1].subtract(p.feeGrowthInside1LastX128)), p.liquidity, Q128));
        return new Amounts(Uint.wrap128(p.tokensOwed0.add(owed0)), Uint.wrap128(p.tokensOwed1.add(owed1)));
    }

    private Amounts modifyPosition(String owner, int tickLower, int tickUpper, BigInteger liquidityDelta) {
        if (tickLower >= tickUpper) {
            throw new DexRevert("TLU");
        }
        if (tickLower < TickMath.MIN_TICK) {
            throw new DexRevert("TLM");
        }
        if (tickUpper > TickMath.MAX_TICK) {
            throw new DexRevert("TUM");
        }
        version++;
        updatePosition(owner, tickLower, tickUpper, liquidityDelta);
        BigInteger amount0 = BigInteger.ZERO;
        BigInteger amount1 = BigInteger.ZERO;
        if (liquidityDelta.signum() != 0) {
            BigInteger sqrtLower = TickMath.getSqrtRatioAtTick(tickLower);
            BigInteger sqrtUpper = TickMath.getSqrtRatioAtTick(tickUpper);
            if (tick < tickLower) {
                amount0 = SqrtPriceMath.getAmount0Delta(sqrtLower, sqrtUpper, liquidityDelta);
            } else if (tick < tickUpper) {
                amount0 = SqrtPriceMath.getAmount0Delta(sqrtPriceX96, sqrtUpper, liquidityDelta);
                amount1 = SqrtPriceMath.getAmount1Delta(sqrtLower, sqrtPriceX96, liquidityDelta);
                liquidity = LiquidityMath.addDelta(liquidity, liquidityDelta);
            } else {
                amount1 = SqrtPriceMath.getAmount1Delta(sqrtLower, sqrtUpper, liquidityDelta);
            }
        }
        return new Amounts(amount0, amount1);
    }

    private void updatePosition(String owner, int tickLower, int tickUpper, BigInteger liquidityDelta) {
        Position.Key key = new Position.Key(owner, tickLower, tickUpper);
        Position p = positions.computeIfAbsent(key, k -> new Position());
        checkBeforeUpdate(p, tickLower, tickUpper, liquidityDelta);
        boolean flippedLower = false;
        boolean flippedUpper = false;
        if (liquidityDelta.signum() != 0) {
            flippedLower = updateTick(tickLower, liquidityDelta, false);
            flippedUpper = updateTick(tickUpper, liquidityDelta, true);
            if (flippedLower) {
                bitmap.flipTick(tickLower, tickSpacing);
            }
            if (flippedUpper) {
                bitmap.flipTick(tickUpper, tickSpacing);
            }
        }
        BigInteger[] inside = feeGrowthInside(tickLower, tickUpper);
        updatePositionState(p, liquidityDelta, inside[0], inside[1]);
        if (liquidityDelta.signum() < 0) {
            if (flippedLower) {
                ticks.remove(tickLower);
            }
            if (flippedUpper) {
                ticks.remove(tickUpper);
            }
            forgetTicks();
        }
    }

    /**
     * The contract reverts the whole transaction; a simulator must refuse before it mutates anything,
     * so the checks Position.update and Tick.update would fail are done up front.
     */
    private void checkBeforeUpdate(Position p, int tickLower, int tickUpper, BigInteger liquidityDelta) {
        if (liquidityDelta.signum() == 0) {
            if (p.liquidity.signum() == 0) {
                throw new DexRevert("NP");
            }
            return;
        }
        LiquidityMath.addDelta(p.liquidity, liquidityDelta);
        for (int t : new int[] {tickLower, tickUpper}) {
            TickInfo info = ticks.get(t);
            BigInteger gross = LiquidityMath.addDelta(info == null ? BigInteger.ZERO : info.liquidityGross, liquidityDelta);
            if (gross.compareTo(maxLiquidityPerTick) > 0) {
                throw new DexRevert("LO");
            }
        }
        if (tickLower % tickSpacing != 0 || tickUpper % tickSpacing != 0) {
            throw new DexRevert("tick not spaced");
        }
    }

    /** Tick.update; returns whether the tick flipped between initialized and uninitialized. */
    private boolean updateTick(int t, BigInteger liquidityDelta, boolean upper) {
        forgetTicks();
        TickInfo info = ticks.computeIfAbsent(t, k -> new TickInfo());
        BigInteger grossBefore = info.liquidityGross;
        BigInteger grossAfter = LiquidityMath.addDelta(grossBefore, liquidityDelta);
        if (grossAfter.compareTo(maxLiquidityPerTick) > 0) {
            throw new DexRevert("LO");
        }
        boolean flipped = (grossAfter.signum() == 0) != (grossBefore.signum() == 0);
        if (grossBefore.signum() == 0 && t <= tick) {
            // by convention all growth before initialization happened below the tick
            info.feeGrowthOutside0X128 = feeGrowthGlobal0X128;
            info.feeGrowthOutside1X128 = feeGrowthGlobal1X128;
        }
        info.liquidityGross = grossAfter;
        info.liquidityNet = upper ? info.liquidityNet.subtract(liquidityDelta) : info.liquidityNet.add(liquidityDelta);
        if (info.liquidityNet.compareTo(Uint.MAX_INT128) > 0 || info.liquidityNet.compareTo(Uint.MIN_INT128) < 0) {
            throw new DexRevert("int128 overflow");
        }
        return flipped;
    }

    /** Tick.getFeeGrowthInside (wrapping arithmetic is intended: only differences are meaningful). */
    private BigInteger[] feeGrowthInside(int tickLower, int tickUpper) {
        TickInfo lower = ticks.getOrDefault(tickLower, new TickInfo());
        TickInfo upper = ticks.getOrDefault(tickUpper, new TickInfo());
        BigInteger below0 = tick >= tickLower ? lower.feeGrowthOutside0X128 : feeGrowthGlobal0X128.subtract(lower.feeGrowthOutside0X128);
        BigInteger below1 = tick >= tickLower ? lower.feeGrowthOutside1X128 : feeGrowthGlobal1X128.subtract(lower.feeGrowthOutside1X128);
        BigInteger above0 = tick < tickUpper ? upper.feeGrowthOutside0X128 : feeGrowthGlobal0X128.subtract(upper.feeGrowthOutside0X128);
        BigInteger above1 = tick < tickUpper ? upper.feeGrowthOutside1X128 : feeGrowthGlobal1X128.subtract(upper.feeGrowthOutside1X128);
        return new BigInteger[] {
            Uint.wrap256(feeGrowthGlobal0X128.subtract(below0).subtract(above0)),
            Uint.wrap256(feeGrowthGlobal1X128.subtract(below1).subtract(above1)),
        };
    }

    /** Position.update: credit fees earned since the last update, then apply the liquidity change. */
    private static void updatePositionState(Position p, BigInteger liquidityDelta, BigInteger inside0, BigInteger inside1) {
        if (liquidityDelta.signum() == 0 && p.liquidity.signum() == 0) {
            throw new DexRevert("NP");
        }
        BigInteger next = liquidityDelta.signum() == 0 ? p.liquidity : LiquidityMath.addDelta(p.liquidity, liquidityDelta);
        BigInteger owed0 = Uint.wrap128(FullMath.mulDiv(Uint.wrap256(inside0.subtract(p.feeGrowthInside0LastX128)), p.liquidity, Q128));
        BigInteger owed1 = Uint.wrap128(FullMath.mulDiv(Uint.wrap256(inside1.subtract(p.feeGrowthInside1LastX128)), p.liquidity, Q128));
        p.liquidity = next;
        p.feeGrowthInside0LastX128 = inside0;
        p.feeGrowthInside1LastX128 = inside1;
        if (owed0.signum() > 0 || owed1.signum() > 0) {
            p.tokensOwed0 = Uint.wrap128(p.tokensOwed0.add(owed0));
            p.tokensOwed1 = Uint.wrap128(p.tokensOwed1.add(owed1));
        }
    }

    @Override
    public String toString() {
        return "V3Pool[fee=" + fee + ", spacing=" + tickSpacing + ", sqrtPriceX96=" + sqrtPriceX96 + ", tick=" + tick
                + ", liquidity=" + liquidity + ", initializedTicks=" + ticks.size() + "]";
    }
}
