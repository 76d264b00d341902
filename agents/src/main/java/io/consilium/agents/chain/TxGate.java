package io.consilium.agents.chain;

import io.consilium.agents.executor.OrderExecutor;
import io.consilium.agents.messages.Order;
import io.consilium.agents.messages.SandboxVerdict;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The check every transaction of an order passes before anything is signed: simulation plus policy.
 * Deny means nothing is signed; pending means a human must approve first.
 */
public interface TxGate {
    enum Kind { APPROVE, SWAP }

    /** One transaction of an order. */
    record Step(SwapCalls.Call call, Kind kind) {
    }

    /** The gate's answer: decision, one reason per rule, simulated asset changes and the account's deltas. */
    record Verdict(SandboxVerdict.Decision decision, List<String> reasons, List<SandboxVerdict.AssetChange> assetChanges,
                   Map<String, BigInteger> simulatedDeltas, String approvalId) {
    }

    Verdict check(Order order, List<Step> steps) throws Exception;

    /** Blocks until a pending verdict is approved, rejected or times out. */
    default Verdict awaitApproval(Verdict pending) throws Exception {
        return new Verdict(SandboxVerdict.Decision.DENY, List.of("no approval queue"), List.of(), Map.of(), null);
    }

    default boolean decideApproval(String approvalId, boolean approve, String by) {
        return false;
    }

    default List<OrderExecutor.PendingApproval> pendingApprovals() {
        return List.of();
    }

    String describe();
}
