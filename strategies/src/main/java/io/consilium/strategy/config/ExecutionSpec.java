package io.consilium.strategy.config;

import java.math.BigDecimal;

/** Execution limits (checked before an order is sent) and the gas model of the paper fills. */
public record ExecutionSpec(
        @Range(min = 0, max = 1) @Doc("Reject a swap whose output is this fraction below the pre-trade mid-price value (fee included). Default 0.01.") Double maxSlippage,
        @Range(min = 1, max = 86400) @Doc("Transaction deadline in seconds (live); backtest fills are immediate. Default 300.") Integer deadlineSeconds,
        @Range(min = 0) @Doc("Gas cap: skip orders while base fee + tip exceeds this many gwei. Default 500.") Double maxGasGwei,
        @Range(min = 0) @Doc("Constant base fee in gwei when no baseFeeSeries is given. Default 20.") Double baseFeeGwei,
        @Range(min = 0) @Doc("Priority fee (tip) in gwei. Default 1.") Double priorityFeeGwei,
        @Doc("CSV 'timestamp,baseFeeGwei' (ISO date or epoch seconds); the last value at or before each event applies.") String baseFeeSeries,
        @Range(min = 0, max = 10000000) @Doc("Gas used by one swap. Default 150000.") Integer swapGas,
        @Range(min = 0, max = 10000000) @Doc("Gas used by one add or remove of liquidity. Default 250000.") Integer liquidityGas,
        @Range(min = 0) @Doc("ETH price in quote units for valuing gas when no asset named ETH or WETH is traded. Default 2000.") BigDecimal ethPrice) {

    public ExecutionSpec {
        maxSlippage = maxSlippage == null ? 0.01 : maxSlippage;
        deadlineSeconds = deadlineSeconds == null ? 300 : deadlineSeconds;
        maxGasGwei = maxGasGwei == null ? 500.0 : maxGasGwei;
        baseFeeGwei = baseFeeGwei == null ? 20.0 : baseFeeGwei;
        priorityFeeGwei = priorityFeeGwei == null ? 1.0 : priorityFeeGwei;
        swapGas = swapGas == null ? 150_000 : swapGas;
        liquidityGas = liquidityGas == null ? 250_000 : liquidityGas;
        ethPrice = ethPrice == null ? BigDecimal.valueOf(2000) : ethPrice;
    }

    public static ExecutionSpec defaults() {
        return new ExecutionSpec(null, null, null, null, null, null, null, null, null);
    }
}
