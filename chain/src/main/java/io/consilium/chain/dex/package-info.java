/**
 * Exact Uniswap math in integers, faithful to the Solidity to the wei.
 *
 * <ul>
 * <li>{@code v2}: {@link io.consilium.chain.dex.v2.UniswapV2Math} (getAmountOut/getAmountIn/quote, fee in bps)
 *     and {@link io.consilium.chain.dex.v2.V2Pool} (reserves, swaps with the K check, LP mint/burn).</li>
 * <li>{@code v3}: the libraries (FullMath, TickMath, SqrtPriceMath, SwapMath, LiquidityMath, LiquidityAmounts)
 *     and {@link io.consilium.chain.dex.v3.V3Pool}, a pool simulator: {@code swap}/{@code quote} across
 *     initialized ticks, {@code mint}/{@code burn}/{@code collect} and {@code positionFeesOwed} through
 *     feeGrowthInside, so a backtest can hold concentrated-liquidity positions and accrue their fees.
 *     Load a live pool with the state constructor plus {@code loadTick} for each initialized tick.</li>
 * </ul>
 * A revert of the real contract is a {@link io.consilium.chain.dex.DexRevert} carrying the same reason.
 * Verified against v2-core/v3-core vectors, the 240 v3-core swap snapshots, real mainnet swaps and seeded
 * random swaps on the testbed's deployed pools (see the tests).
 */
package io.consilium.chain.dex;
