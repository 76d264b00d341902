package io.consilium.chain.dex.v3;

import java.math.BigInteger;

/** A pair of token amounts (token0, token1). */
public record Amounts(BigInteger amount0, BigInteger amount1) {}
