package io.consilium.agents.messages;

import java.math.BigInteger;

/**
 * What one strategy wants after one block: a swap of {@code amountIn} base units of {@code tokenIn}
 * for {@code tokenOut} through {@code pool}, or a hold. Every proposal carries its reason; holds are
 * sent too so the journal and the dashboard show why nothing happened.
 */
public record Proposal(int version, String id, String strategy, long block, Action action, String pool,
                       String tokenIn, String tokenOut, BigInteger amountIn, String reason, String source,
                       long tickObservedAtNanos) implements BusMessage {
    public static final int VERSION = 1;

    public enum Action { SWAP, HOLD }

    public static Proposal hold(String id, String strategy, long block, String reason, String source, long observedAt) {
        return new Proposal(VERSION, id, strategy, block, Action.HOLD, null, null, null, BigInteger.ZERO, reason,
                source, observedAt);
    }

    public boolean isHold() {
        return action == Action.HOLD;
    }
}
