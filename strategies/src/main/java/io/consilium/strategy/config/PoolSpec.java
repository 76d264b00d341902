package io.consilium.strategy.config;

import java.math.BigDecimal;

/**
 * A pool the strategy may trade on. For bar data the pool is simulated: its depth is
 * {@code liquidity} (total value in quote units at the start price) and, for V3, spread over
 * {@code rangeWidth} around the start price. For recorded swaps ({@code events}) the pool follows
 * the real order flow.
 */
public record PoolSpec(
        @Required @Doc("Identifier the strategy refers to.") String id,
        @Required @Doc("Pool kind: v2 (constant product) or v3 (concentrated liquidity).") PoolKind kind,
        @Required @Doc("Base asset symbol (priced in quote).") String base,
        @Required @Doc("Quote asset symbol.") String quote,
        @Range(min = 1, max = 10000) @Doc("Pool fee in basis points (V3 tiers: 1, 5, 30, 100). Default 30.") Integer feeBps,
        @Range(min = 1, max = 16384) @Doc("V3 tick spacing; default from the fee tier (1->1, 5->10, 30->60, 100->200).") Integer tickSpacing,
        @Range(min = 0) @Doc("Simulated pool depth: total value locked in quote units at the start price.") BigDecimal liquidity,
        @Range(min = 0.001, max = 100) @Doc("V3 only: the background liquidity covers price*(1-w) .. price*(1+w); 0 or absent = full range.") Double rangeWidth,
        @Doc("market: arbitrageurs move the pool to the market price before every bar; none: only trades move it.") PoolSync sync,
        @Doc("Recorded swaps to replay (demeter-fetch *.tick.csv); the pool then trades inside the real order flow.") String events,
        @Doc("With events: which asset is the pool's token0 (mainnet order).") String token0,
        @Range(min = 1, max = 2000) @Doc("V3 only: split the simulated depth into this many nested ranges of equal liquidity (widths rangeWidth*k/bands), so liquidity thickens towards the start price and swaps cross initialized ticks as on a real pool. Default 1.") Integer bands) {

    public PoolSpec {
        bands = bands == null ? 1 : bands;
        feeBps = feeBps == null ? 30 : feeBps;
        sync = sync == null ? PoolSync.MARKET : sync;
    }

    /** The tick spacing of a V3 pool: as given, else Uniswap's spacing for the fee tier. */
    public int effectiveTickSpacing() {
        if (tickSpacing != null) {
            return tickSpacing;
        }
        return switch (feeBps) {
            case 1 -> 1;
            case 5 -> 10;
            case 30 -> 60;
            case 100 -> 200;
            default -> Math.max(1, feeBps * 2);
        };
    }

    public boolean replaysEvents() {
        return events != null;
    }
}
