package io.consilium.agents.messages;

import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.Token;
import java.math.BigInteger;

/**
 * One pool at one block. V2 pools fill {@code reserve0/1}; V3 pools fill {@code sqrtPriceX96},
 * {@code liquidity} and {@code tick}. {@code price} is token1 per token0 in human units (display and
 * strategy signals only; amounts stay in base units).
 */
public record PoolState(String name, String kind, Address address, Token token0, Token token1, int fee,
                        BigInteger reserve0, BigInteger reserve1, BigInteger sqrtPriceX96, BigInteger liquidity,
                        int tick, double price) {
}
