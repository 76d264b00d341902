package io.consilium.agents.executor;

import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.Order;
import io.consilium.agents.messages.SandboxVerdict;
import java.util.List;

/**
 * Executes orders through the sandbox (build → simulate → policy → sign → send → confirm). Blocking;
 * the ExecutorAgent calls it on its one worker thread per account, so at most one transaction per
 * account (and nonce) is being built, signed or sent at a time. A step that needs a person's approval
 * does not hold that thread: it comes back {@link Parked} (nothing signed, no nonce taken) and is
 * resumed on the same thread once the approval is decided.
 */
public interface OrderExecutor extends AutoCloseable {
    /** Receives, in order: the verdict, then (live mode) a SENT result with the hash, then the final result. */
    interface Listener {
        void verdict(SandboxVerdict verdict);

        /** Called with SENT before the transaction is broadcast: the caller journals it durably first. */
        void result(ExecutionResult result);
    }

    /**
     * Runs the order until it is finished (the final result was reported; returns null) or a step waits
     * for a human approval (returns how to continue).
     */
    Parked execute(Order order, Listener listener) throws Exception;

    /** An order waiting for approval {@code approvalId}: nothing of that step was signed, no nonce is held. */
    record Parked(String approvalId, String step, Resume resume) {
    }

    /** Continues a parked order once its approval is decided (approved, rejected or expired). */
    interface Resume {
        Parked run(Listener listener) throws Exception;
    }

    /** Whether the approval is no longer pending (decided, or expired by its timeout). */
    default boolean approvalSettled(String approvalId) {
        return true;
    }

    /**
     * Looks again at an order left SENT (no receipt within the wait): its final result when it was mined
     * or its nonce went to another transaction; empty while it may still be mined. Never re-sends.
     */
    default java.util.Optional<ExecutionResult> recheck(ExecutionResult sent) throws Exception {
        return java.util.Optional.empty();
    }

    /**
     * Settles orders that were SENT before a crash: looks each hash (and nonce) up on the chain and
     * returns their final results; never re-sends. Orders that may still be mined come back SENT (the
     * executor agent keeps watching them).
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
