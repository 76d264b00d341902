package io.consilium.agents.messages;

import io.consilium.chain.domain.Address;
import java.math.BigInteger;

/**
 * A sized, risk-checked order from the PortfolioAgent: swap exactly {@code amountIn} of
 * {@code tokenIn} for at least {@code minAmountOut} of {@code tokenOut} through {@code pool}, from and
 * to {@code account} (never an address taken from a strategy or a model).
 */
public record Order(int version, String id, String strategy, long block, Address account, String pool,
                    String tokenIn, String tokenOut, BigInteger amountIn, BigInteger minAmountOut,
                    String reason, long tickObservedAtNanos) implements BusMessage {
    public static final int VERSION = 1;
}
