package io.consilium.agents.executor;

import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.Order;
import io.consilium.agents.messages.SandboxVerdict;
import java.util.List;

/**
 * Executes orders through the sandbox (build → simulate → policy → sign → send → confirm). Blocking;
 * the ExecutorAgent calls it on its one worker thread per account, so at most one order per account
 * (and nonce) is in flight.
 */
public interface OrderExecutor extends AutoCloseable {
    /** Receives, in order: the verdict, then (live mode) a SENT result with the hash, then the final result. */
    interface Listener {
        void verdict(SandboxVerdict verdict);

        /** Called with SENT before the transaction is broadcast: the caller journals it durably first. */
        void result(ExecutionResult result);
    }

    void execute(Order order, Listener listener) throws Exception;

    /**
     * Settles orders that were SENT before a crash: looks each hash (and nonce) up on the chain and
     * returns their final results; never re-sends. Orders still pending on the node stay SENT.
     */
    List<ExecutionResult> reconcile(List<ExecutionResult> sentBeforeCrash) throws Exception;

    /** A human's approve/reject of a pending sandbox approval; false if no such approval is pending. */
    boolean decideApproval(String approvalId, boolean approve, String by);

    /** Pending approvals as short lines (id: what) for the dashboard. */
    List<PendingApproval> pendingApprovals();

    record PendingApproval(String id, String orderId, String summary, long createdAtMillis) {
    }

    /** "paper", "shadow" or "live" plus the signer label (DEV-ONLY for an anvil dev key). */
    String describe();

    @Override
    default void close() {
    }
}
