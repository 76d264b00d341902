package io.consilium.strategy.engine;

import java.math.BigInteger;

/**
 * One executed order. For a closed liquidity position, {@code lpFees} is the fees collected and
 * {@code impermanentLoss} the value of holding the deposited amounts minus the principal returned
 * (positive = a loss), both in quote units at the closing price. Amounts are base units, costs
 * quote base units; {@code pnl} is the realised profit in quote units (human) of a reducing trade
 * or a closed position, NaN otherwise.
 */
public record Trade(long time, Kind kind, String pool, String asset, BigInteger baseAmount, BigInteger quoteAmount,
                    double price, double midBefore, BigInteger fee, BigInteger slippage, BigInteger gas, double pnl,
                    double lpFees, double impermanentLoss, String reason) {

    public enum Kind { BUY, SELL, ADD_LIQUIDITY, REMOVE_LIQUIDITY }
}
