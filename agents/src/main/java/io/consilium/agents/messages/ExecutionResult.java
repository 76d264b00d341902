package io.consilium.agents.messages;

import java.math.BigInteger;
import java.util.Map;

/**
 * What became of an order. {@code deltas} are the account's balance changes (token symbol → signed
 * base units, from the receipt's block, gas excluded) and {@code gasCostWei} the native coin paid.
 */
public record ExecutionResult(int version, String orderId, String strategy, Status status, String txHash,
                              long nonce, long block, Map<String, BigInteger> deltas, BigInteger gasCostWei,
                              String reason) implements BusMessage {
    public static final int VERSION = 1;

    public enum Status {
        /** Mined with status 1. */
        FILLED,
        /** Mined but reverted: gas paid, no fill. */
        REVERTED,
        /** The sandbox denied it: nothing signed. */
        DENIED,
        /** Paper/shadow mode: booked from the simulation, nothing sent. */
        SIMULATED,
        /** Could not be built, simulated or sent; nothing on chain. */
        FAILED,
        /** Signed and sent; waiting for a receipt. */
        SENT,
        /**
         * A reorg took an earlier FILLED/REVERTED result of this order off the chain: {@code deltas} and
         * {@code gasCostWei} are what that result booked, negated (adding them takes it back), and the order is
         * open again. A new final result follows (its receipt on the new fork) or a SENT one (the watch again).
         */
        REORGED
    }

    public ExecutionResult {
        deltas = deltas == null ? Map.of() : Map.copyOf(deltas);
        gasCostWei = gasCostWei == null ? BigInteger.ZERO : gasCostWei;
    }
}
