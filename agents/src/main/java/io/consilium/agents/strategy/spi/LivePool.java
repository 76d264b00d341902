package io.consilium.agents.strategy.spi;

import io.consilium.agents.messages.PoolState;
import io.consilium.chain.dex.v2.UniswapV2Math;
import io.consilium.chain.dex.v3.SwapMath;
import io.consilium.chain.dex.v3.TickMath;
import io.consilium.strategy.config.PoolKind;
import io.consilium.strategy.config.PoolSpec;
import io.consilium.strategy.spi.PoolView;
import io.consilium.strategy.spi.PriceSeries;
import java.math.BigInteger;

/**
 * One strategy pool as the chain shows it at the current block. Fee and volume history is not
 * observed live (a snapshot holds state, not swaps), so {@link #feesSince}/{@link #volumeSince} are 0;
 * V2 quotes use the exact constant-product math; V3 quotes stay within the current tick range's
 * liquidity (exact for swaps that cross no initialised tick, an over-estimate of depth otherwise).
 */
final class LivePool implements PoolView {
    private static final double Q96 = Math.pow(2, 96);

    private final LiveMarket market;
    private final PoolSpec spec;
    private final PriceSeries history;
    private final PoolState state;
    private final boolean baseIsToken0;

    LivePool(LiveMarket market, PoolSpec spec, PriceSeries history) {
        this.market = market;
        this.spec = spec;
        this.history = history;
        this.state = market.tick().pool(market.binding().chainPool(spec.id()));
        this.baseIsToken0 = state.token0().symbol().equals(market.binding().chainSymbol(spec.base()));
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public PoolKind kind() {
        return "V2".equals(state.kind()) ? PoolKind.V2 : PoolKind.V3;
    }

    @Override
    public String base() {
        return spec.base();
    }

    @Override
    public String quote() {
        return spec.quote();
    }

    @Override
    public int feeBps() {
        return kind() == PoolKind.V2 ? UniswapV2Math.DEFAULT_FEE_BPS : state.fee() / 100;
    }

    @Override
    public double price() {
        return market.poolPrice(spec);
    }

    @Override
    public double feesSince(long since) {
        return 0;
    }

    @Override
    public double volumeSince(long since) {
        return 0;
    }

    @Override
    public double depth(double width) {
        double px = price();
        int qd = baseIsToken0 ? state.token1().decimals() : state.token0().decimals();
        if (kind() == PoolKind.V2) {
            BigInteger q = baseIsToken0 ? state.reserve1() : state.reserve0();
            double full = 2 * q.doubleValue() / Math.pow(10, qd);
            // share of a constant-product curve's value inside price*(1±w): 1 - 1/sqrt(1+w) above, 1 - sqrt(1-w) below
            return full * ((1 - 1 / Math.sqrt(1 + width)) + (1 - Math.sqrt(Math.max(0, 1 - width)))) / 2;
        }
        double l = state.liquidity().doubleValue();
        double sp = state.sqrtPriceX96().doubleValue() / Q96;
        double lo = sp * Math.sqrt(Math.max(0, 1 - width));
        double hi = sp * Math.sqrt(1 + width);
        double amount0 = l * (1 / sp - 1 / hi);
        double amount1 = l * (sp - lo);
        double valueIn1 = amount0 * sp * sp + amount1; // raw token1 units
        double human1 = valueIn1 / Math.pow(10, state.token1().decimals());
        return baseIsToken0 ? human1 : human1 * px;
    }

    @Override
    public BigInteger quoteOut(boolean sellBase, BigInteger amountIn) {
        boolean zeroForOne = sellBase == baseIsToken0;
        if (kind() == PoolKind.V2) {
            BigInteger rin = zeroForOne ? state.reserve0() : state.reserve1();
            BigInteger rout = zeroForOne ? state.reserve1() : state.reserve0();
            return UniswapV2Math.getAmountOut(amountIn, rin, rout);
        }
        BigInteger target = zeroForOne ? TickMath.MIN_SQRT_RATIO.add(BigInteger.ONE)
                : TickMath.MAX_SQRT_RATIO.subtract(BigInteger.ONE);
        return SwapMath.computeSwapStep(state.sqrtPriceX96(), target, state.liquidity(), amountIn, state.fee()).amountOut();
    }

    @Override
    public PriceSeries history() {
        return history;
    }
}
