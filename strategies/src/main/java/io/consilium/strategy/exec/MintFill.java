package io.consilium.strategy.exec;

import java.math.BigInteger;

/** A liquidity position opened: the amounts the pool took and the position's id and range. */
public record MintFill(long positionId, String pool, BigInteger baseUsed, BigInteger quoteUsed, BigInteger liquidity,
                       double lowerPrice, double upperPrice) {
}
