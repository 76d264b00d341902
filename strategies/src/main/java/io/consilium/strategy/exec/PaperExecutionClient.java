package io.consilium.strategy.exec;

import io.consilium.chain.dex.v3.Amounts;
import io.consilium.chain.dex.v3.LiquidityAmounts;
import io.consilium.chain.dex.v3.TickMath;
import io.consilium.chain.dex.v3.V3Pool;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The backtest's execution client: fills orders on the simulated pools of a {@link SimulatedMarket}
 * with the chain module's exact AMM math. Liquidity positions are real positions in the V3 pools.
 */
public final class PaperExecutionClient implements ExecutionClient {
    private static final BigInteger MAX128 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    private final SimulatedMarket market;
    private final LongSupplier clock;
    private final Map<Long, Held> positions = new HashMap<>();
    private long nextId = 1;

    public PaperExecutionClient(SimulatedMarket market, LongSupplier clock) {
        this.market = market;
        this.clock = clock;
    }

    @Override
    public SwapFill quote(String pool, boolean sellBase, BigInteger amountIn) {
        return market.pool(pool).quote(sellBase, amountIn);
    }

    @Override
    public double mid(String pool) {
        return market.pool(pool).mid();
    }

    @Override
    public SwapFill swap(String pool, boolean sellBase, BigInteger amountIn, BigInteger minOut) {
        return market.pool(pool).fill(sellBase, amountIn, minOut, clock.getAsLong());
    }

    @Override
    public MintFill mint(String pool, double lowerPrice, double upperPrice, BigInteger baseMax, BigInteger quoteMax) {
        V3SimPool p = market.v3(pool);
        int[] t = p.ticks(lowerPrice, upperPrice);
        V3Pool v3 = p.pool();
        BigInteger sa = TickMath.getSqrtRatioAtTick(t[0]);
        BigInteger sb = TickMath.getSqrtRatioAtTick(t[1]);
        boolean b0 = p.scale().baseIsToken0();
        // One wei of headroom: mint rounds the amounts it takes up, getLiquidityForAmounts rounds down.
        BigInteger a0 = (b0 ? baseMax : quoteMax).subtract(BigInteger.ONE).max(BigInteger.ZERO);
        BigInteger a1 = (b0 ? quoteMax : baseMax).subtract(BigInteger.ONE).max(BigInteger.ZERO);
        BigInteger liquidity = LiquidityAmounts.getLiquidityForAmounts(v3.sqrtPriceX96(), sa, sb, a0, a1);
        if (liquidity.signum() <= 0) {
            return null;
        }
        long id = nextId++;
        String owner = "position-" + id;
        Amounts used = v3.mint(owner, t[0], t[1], liquidity);
        positions.put(id, new Held(p, owner, t[0], t[1], liquidity));
        return new MintFill(id, pool, b0 ? used.amount0() : used.amount1(), b0 ? used.amount1() : used.amount0(),
                liquidity, p.tickPrice(b0 ? t[0] : t[1]), p.tickPrice(b0 ? t[1] : t[0]));
    }

    @Override
    public BurnFill burn(long positionId) {
        Held h = positions.remove(positionId);
        if (h == null) {
            throw new IllegalArgumentException("no open position " + positionId);
        }
        V3Pool v3 = h.pool.pool();
        Amounts fees = v3.positionFeesOwed(h.owner, h.lower, h.upper);
        Amounts principal = v3.burn(h.owner, h.lower, h.upper, h.liquidity);
        v3.collect(h.owner, h.lower, h.upper, MAX128, MAX128);
        boolean b0 = h.pool.scale().baseIsToken0();
        return new BurnFill(positionId, h.pool.spec().id(),
                b0 ? principal.amount0() : principal.amount1(), b0 ? principal.amount1() : principal.amount0(),
                b0 ? fees.amount0() : fees.amount1(), b0 ? fees.amount1() : fees.amount0());
    }

    @Override
    public PositionValue value(long positionId) {
        Held h = positions.get(positionId);
        Amounts principal = h.pool.amountsFor(h.lower, h.upper, h.liquidity);
        Amounts fees = h.pool.pool().positionFeesOwed(h.owner, h.lower, h.upper);
        boolean b0 = h.pool.scale().baseIsToken0();
        return new PositionValue(b0 ? principal.amount0() : principal.amount1(), b0 ? principal.amount1() : principal.amount0(),
                b0 ? fees.amount0() : fees.amount1(), b0 ? fees.amount1() : fees.amount0());
    }

    @Override
    public double[] amountsPerLiquidity(String pool, double lowerPrice, double upperPrice) {
        return market.v3(pool).amountsPerLiquidity(lowerPrice, upperPrice);
    }

    private record Held(V3SimPool pool, String owner, int lower, int upper, BigInteger liquidity) {
    }
}
