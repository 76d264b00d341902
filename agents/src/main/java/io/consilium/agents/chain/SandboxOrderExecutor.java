package io.consilium.agents.chain;

import io.consilium.agents.executor.OrderExecutor;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.Order;
import io.consilium.agents.messages.SandboxVerdict;
import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.ChainId;
import io.consilium.chain.domain.Token;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.rpc.TxReceipt;
import io.consilium.chain.testbed.AddressBook;
import io.consilium.chain.testbed.PoolInfo;
import io.consilium.sandbox.SandboxUserError;
import io.consilium.sandbox.TxRequest;
import io.consilium.sandbox.approval.Approval;
import io.consilium.sandbox.approval.ApprovalQueue;
import io.consilium.sandbox.pipeline.Mode;
import io.consilium.sandbox.pipeline.Sandbox;
import io.consilium.sandbox.pipeline.Verdict;
import io.consilium.sandbox.sim.AssetChange;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes swap orders through the sandbox pipeline (build → simulate → asset changes → policy →
 * human approval → sign → send → confirm): an exact approval first when the allowance is short, then
 * the swap, each a {@link TxRequest} whose id is the order id plus the step, so the sandbox's replay
 * guard and the journal tie every transaction to its order. The sandbox journals the signed hash and
 * nonce before broadcast in the daemon's own journal, which is what recovery reads after a crash.
 */
public final class SandboxOrderExecutor implements OrderExecutor {
    private static final Logger log = LoggerFactory.getLogger(SandboxOrderExecutor.class);
    private static final Duration RECEIPT_WAIT = Duration.ofSeconds(90);

    private final Sandbox sandbox;
    private final ChainClient client;
    private final ChainId chainId;
    private final Address account;
    private final String signerLabel;
    private final AddressBook book;
    private final SwapCalls calls;
    private final List<Token> tokens;
    private final Map<Address, String> symbols = new HashMap<>();
    private final SentTxCheck sentCheck;
    private static final long REBROADCAST_EVERY_MILLIS = 30_000;
    private final Map<String, Long> rebroadcastAt = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closing;

    public SandboxOrderExecutor(Sandbox sandbox, ChainClient client, ChainId chainId, Address account, String signerLabel,
                                AddressBook book) {
        this.sandbox = sandbox;
        this.client = client;
        this.chainId = chainId;
        this.account = account;
        this.signerLabel = signerLabel;
        this.book = book;
        this.calls = new SwapCalls(book);
        this.tokens = List.copyOf(book.tokens().values());
        tokens.forEach(t -> symbols.put(t.address(), t.symbol()));
        this.sentCheck = new SentTxCheck(client, account, tokens);
    }

    @Override
    public String describe() {
        return sandbox.mode().name().toLowerCase() + " via the sandbox (policy " + sandbox.engine().policy().source()
                + "), signer " + signerLabel;
    }

    @Override
    public Parked execute(Order o, Listener l) throws Exception {
        if (!account.equals(o.account())) {
            throw new IllegalStateException("order for " + o.account() + " but the signer is " + account);
        }
        PoolInfo pool = book.pool(o.pool());
        Token in = book.token(o.tokenIn());
        Address router = calls.router(pool);
        BigInteger allowance = (BigInteger) Abi.decode("(uint256)", client.call(null, in.address(), BigInteger.ZERO,
                Abi.encodeCall("allowance(address,address)", account, router), ChainClient.LATEST)).getFirst();
        if (allowance.compareTo(o.amountIn()) >= 0) {
            return swap(o, l, BigInteger.ZERO, List.of());
        }
        SwapCalls.Call approve = calls.approve(in, router, o.amountIn());
        if (sandbox.supportsBundles()) {
            bundle(o, approve, l);
            return null;
        }
        Verdict va = submit(o, "approve", approve, l);
        if (va.decision() == Verdict.Decision.PENDING) {
            return new Parked(va.approvalId(), "approve", l2 -> afterApprove(o, resume(o, "approve", va, l2), l2, in));
        }
        return afterApprove(o, va, l, in);
    }

    private Parked afterApprove(Order o, Verdict va, Listener l, Token in) {
        if (va.decision() != Verdict.Decision.ALLOW || va.error() != null) {
            l.result(result(o, va, gasOf(va), "approval: " + summary(va)));
            return null;
        }
        if (sandbox.mode() != Mode.LIVE) {
            // Nothing was sent, so the swap would simulate without the allowance and revert: report the
            // approval's simulation and stop here rather than book a swap that was never simulated.
            l.result(new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(), ExecutionResult.Status.FAILED,
                    null, -1, o.block(), Map.of(), BigInteger.ZERO, sandbox.mode().name().toLowerCase()
                    + ": the account has no allowance for the router and no fork simulator is configured to run "
                    + "approve + swap as one bundle (approve once in live mode)"));
            return null;
        }
        return swap(o, l, gasOf(va), List.of("approved " + o.amountIn() + " " + in.symbol()));
    }

    private Parked swap(Order o, Listener l, BigInteger gasSpent, List<String> notes) {
        if (closing) {
            l.result(new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(), ExecutionResult.Status.FAILED, null,
                    -1, o.block(), Map.of(), gasSpent, "abandoned at shutdown before the swap"));
            return null;
        }
        long deadline = System.currentTimeMillis() / 1000 + 600;
        Verdict vs = submit(o, "swap", calls.swap(o, deadline), l);
        if (vs.decision() == Verdict.Decision.PENDING) {
            return new Parked(vs.approvalId(), "swap", l2 -> {
                finishSwap(o, resume(o, "swap", vs, l2), l2, gasSpent, notes);
                return null;
            });
        }
        finishSwap(o, vs, l, gasSpent, notes);
        return null;
    }

    private void finishSwap(Order o, Verdict vs, Listener l, BigInteger gasSpent, List<String> notes) {
        l.result(result(o, vs, gasSpent.add(gasOf(vs)), summary(vs) + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")")));
    }

    /**
     * Paper/shadow with no allowance: the approval and the swap are simulated together on the fork
     * (the swap sees the approval), checked one by one, and booked only if both are allowed.
     */
    private void bundle(Order o, SwapCalls.Call approve, Listener l) {
        long deadline = System.currentTimeMillis() / 1000 + 600;
        List<Verdict> vs = sandbox.submitBundle(List.of(request(o, "approve", approve),
                request(o, "swap", calls.swap(o, deadline))));
        l.verdict(message(o, "approve", vs.get(0)));
        l.verdict(message(o, "swap", vs.get(1)));
        Verdict refused = vs.stream().filter(v -> v.decision() != Verdict.Decision.ALLOW).findFirst().orElse(null);
        if (refused != null) {
            l.result(result(o, refused, BigInteger.ZERO, (refused == vs.get(0) ? "approval: " : "") + summary(refused)
                    + " (approve + swap simulated as one bundle)"));
            return;
        }
        l.result(result(o, vs.get(1), BigInteger.ZERO, summary(vs.get(1)) + " (approved " + o.amountIn() + " "
                + o.tokenIn() + " and swapped in one bundle on the fork simulator; nothing signed)"));
    }

    private TxRequest request(Order o, String step, SwapCalls.Call call) {
        return new TxRequest(o.id() + "/" + step, chainId, account, call.to(), BigInteger.ZERO, call.data(),
                null, null, null, null);
    }

    /** One sandbox request. A pending one is reported and returned as is: the caller parks the order. */
    private Verdict submit(Order o, String step, SwapCalls.Call call, Listener l) {
        // A live allow is reported when the policy decides, not after the transaction is mined.
        boolean[] told = {false};
        Verdict v = sandbox.submit(request(o, step, call), d -> {
            told[0] = true;
            l.verdict(message(o, step, d));
        });
        if (!told[0]) {
            l.verdict(message(o, step, v));
        }
        if (v.decision() == Verdict.Decision.PENDING) {
            log.info("executor: order {} {} waits for human approval {} ({}); the account's other orders go on",
                    o.id(), step, v.approvalId(), summary(v));
        }
        return v;
    }

    /** After the approval is decided: re-simulated and re-checked (a fresh nonce) if approved, denied otherwise. */
    private Verdict resume(Order o, String step, Verdict pending, Listener l) {
        boolean[] told = {false};
        Verdict v = sandbox.resume(pending.approvalId(), d -> {
            told[0] = true;
            l.verdict(message(o, step, d));
        });
        log.info("executor: order {} {} resumed after approval {}: {}", o.id(), step, pending.approvalId(), summary(v));
        if (!told[0]) {
            l.verdict(message(o, step, v));
        }
        return v;
    }

    @Override
    public boolean approvalSettled(String approvalId) {
        ApprovalQueue q = sandbox.approvals();
        return q == null || q.get(approvalId).map(a -> a.status() != Approval.Status.PENDING).orElse(true);
    }

    private SandboxVerdict message(Order o, String step, Verdict v) {
        List<String> reasons = v.reasons().stream().map(r -> r.id() + " (" + r.outcome() + "): " + r.message()).toList();
        List<SandboxVerdict.AssetChange> changes = v.assetChanges().stream()
                .filter(c -> c.kind() == AssetChange.Kind.BALANCE)
                .map(c -> new SandboxVerdict.AssetChange(c.isNative() ? "native" : symbols.getOrDefault(c.token(), c.token().toString()),
                        c.holder().toString(), c.before().toString(), c.after().toString(), c.deltaValue().toString()))
                .toList();
        SandboxVerdict.Decision d = switch (v.decision()) {
            case ALLOW -> SandboxVerdict.Decision.ALLOW;
            case DENY -> SandboxVerdict.Decision.DENY;
            case PENDING -> SandboxVerdict.Decision.PENDING;
        };
        return new SandboxVerdict(SandboxVerdict.VERSION, o.id(), o.strategy(), d,
                prefixed(step, reasons), changes, v.approvalId(), o.tickObservedAtNanos(), System.nanoTime());
    }

    private static List<String> prefixed(String step, List<String> reasons) {
        return reasons.stream().map(r -> step + ": " + r).toList();
    }

    private ExecutionResult result(Order o, Verdict v, BigInteger gas, String reason) {
        if (v.decision() != Verdict.Decision.ALLOW) {
            return new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(), ExecutionResult.Status.DENIED, null, -1,
                    o.block(), Map.of(), gas, "sandbox " + v.decision().json() + ": " + reason);
        }
        if (sandbox.mode() != Mode.LIVE) {
            return new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(), ExecutionResult.Status.SIMULATED, null,
                    -1, o.block(), simulatedDeltas(v), BigInteger.ZERO,
                    sandbox.mode().name().toLowerCase() + ": booked from the simulation, nothing signed; " + reason);
        }
        if (v.txHash() == null) {
            return new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(), ExecutionResult.Status.FAILED, null, -1,
                    o.block(), Map.of(), gas, "allowed but not sent: " + v.error());
        }
        Optional<TxReceipt> r = receiptOf(v);
        if (r.isEmpty()) {
            // Sent, receipt not seen: stays SENT, and the executor agent keeps re-checking it by hash and nonce.
            ExecutionResult sent = new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(),
                    ExecutionResult.Status.SENT, v.txHash(), -1, o.block(), Map.of(), gas, "sent; no receipt yet");
            long nonce = -1;
            try {
                nonce = sentCheck.open(sent).nonce();
            } catch (RuntimeException e) {
                log.debug("executor: nonce of {}: {}", v.txHash(), e.toString());
            }
            // An approval that is still unmined ends its order (the swap was never sent): the watch must not book it as a fill.
            String what = reason.startsWith("approval: ") ? SentTxCheck.APPROVAL_ONLY : "sent";
            return new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(), ExecutionResult.Status.SENT,
                    v.txHash(), nonce, o.block(), Map.of(), gas, what + "; no receipt yet, watched by hash and nonce"
                    + (v.error() == null ? "" : " (" + v.error() + ")"));
        }
        TxReceipt rc = r.get();
        // The nonce is kept with the fill: should a reorg drop the transaction, it tells "nonce taken by another
        // transaction" (failed) from "may still be mined" without the transaction itself.
        long nonce = -1;
        try {
            nonce = sentCheck.open(new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(),
                    ExecutionResult.Status.SENT, v.txHash(), -1, o.block(), Map.of(), gas, "")).nonce();
        } catch (RuntimeException e) {
            log.debug("executor: nonce of {}: {}", v.txHash(), e.toString());
        }
        return new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(),
                rc.success() ? ExecutionResult.Status.FILLED : ExecutionResult.Status.REVERTED, v.txHash(), nonce,
                rc.blockNumber(), rc.success() ? Receipts.deltas(rc, account, tokens) : Map.of(), gas, reason);
    }

    private Map<String, BigInteger> simulatedDeltas(Verdict v) {
        Map<String, BigInteger> out = new HashMap<>();
        for (AssetChange c : v.assetChanges()) {
            if (c.kind() == AssetChange.Kind.BALANCE && c.holder().equals(account) && symbols.containsKey(c.token())) {
                out.merge(symbols.get(c.token()), c.deltaValue(), BigInteger::add);
            }
        }
        out.values().removeIf(x -> x.signum() == 0);
        return out;
    }

    private BigInteger gasOf(Verdict v) {
        if (v.txHash() == null) {
            return BigInteger.ZERO;
        }
        return receiptOf(v).map(Receipts::gasCost).orElse(BigInteger.ZERO);
    }

    /**
     * The receipt of a sent verdict. When the sandbox saw it mined, it is read back (through transient faults);
     * when the sandbox already waited its confirm timeout in vain, or the send's fate is unknown, it is looked up
     * once — the executor agent's watch takes over from there instead of holding the account's thread again.
     */
    private Optional<TxReceipt> receiptOf(Verdict v) {
        if (v.txHash() == null) {
            return Optional.empty();
        }
        if ("success".equals(v.receiptStatus()) || "reverted".equals(v.receiptStatus())) {
            return receipt(v.txHash());
        }
        try {
            return client.receipt(v.txHash());
        } catch (RuntimeException e) {
            log.debug("executor: receipt {}: {}", v.txHash(), e.toString());
            return Optional.empty();
        }
    }

    /** Polls for the receipt through transient RPC faults (a node that is briefly away) until the wait runs out. */
    private Optional<TxReceipt> receipt(String hash) {
        long end = System.nanoTime() + RECEIPT_WAIT.toNanos();
        while (true) {
            try {
                Optional<TxReceipt> r = client.receipt(hash);
                if (r.isPresent()) {
                    return r;
                }
            } catch (RuntimeException e) {
                log.debug("executor: receipt {}: {}", hash, e.toString());
            }
            if (System.nanoTime() > end) {
                log.warn("executor: no receipt for {} within {} s; it stays SENT until reconciled", hash,
                        RECEIPT_WAIT.toSeconds());
                return Optional.empty();
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private static String summary(Verdict v) {
        StringBuilder b = new StringBuilder(v.decision().json());
        v.reasons().stream().filter(r -> !r.outcome().equals("allow")).forEach(r ->
                b.append("; ").append(r.id()).append(": ").append(r.message()));
        if (v.txHash() != null) {
            b.append("; tx ").append(v.txHash()).append(' ').append(v.receiptStatus());
        }
        if (v.error() != null) {
            b.append("; ").append(v.error());
        }
        return b.toString();
    }

    @Override
    public List<ExecutionResult> reconcile(List<ExecutionResult> sent) throws Exception {
        List<ExecutionResult> out = new ArrayList<>();
        for (ExecutionResult s : sent) {
            Optional<ExecutionResult> done = sentCheck.check(s, "reconciled after restart from the receipt");
            if (done.isPresent()) {
                out.add(done.get());
            } else if (sentCheck.open(s).nodeHasIt()) {
                out.add(new ExecutionResult(ExecutionResult.VERSION, s.orderId(), s.strategy(), ExecutionResult.Status.SENT,
                        s.txHash(), s.nonce(), s.block(), Map.of(), s.gasCostWei(),
                        "after restart: still in the node's pool, watched by hash and nonce"));
            } else {
                // Signed, but the node never saw it and its nonce is free: the daemon died before broadcast.
                out.add(new ExecutionResult(ExecutionResult.VERSION, s.orderId(), s.strategy(), ExecutionResult.Status.FAILED,
                        s.txHash(), s.nonce(), s.block(), Map.of(), s.gasCostWei(),
                        "never reached the node (the daemon died before broadcast); not re-sent"));
            }
        }
        return out;
    }

    /**
     * Settles by hash and nonce; while open, a transaction the node no longer holds (dropped from its pool, nonce still
     * free) is re-sent byte for byte by the sandbox — at most once per {@link #REBROADCAST_EVERY_MILLIS} — so a
     * dropped transaction does not leave its strategy waiting for ever.
     */
    @Override
    public Optional<ExecutionResult> recheck(ExecutionResult sent) {
        Optional<ExecutionResult> done = sentCheck.check(sent, "settled by hash and nonce after the receipt wait");
        if (done.isPresent()) {
            sandbox.forgetSigned(sent.txHash());
            rebroadcastAt.remove(sent.txHash());
            return done;
        }
        long now = System.currentTimeMillis();
        Long last = rebroadcastAt.get(sent.txHash());
        if ((last == null || now - last >= REBROADCAST_EVERY_MILLIS) && !sentCheck.open(sent).nodeHasIt()) {
            rebroadcastAt.put(sent.txHash(), now);
            Sandbox.Rebroadcast r = sandbox.rebroadcast(sent.txHash());
            log.info("order {}: {} is not in the node's pool and its nonce is free; re-sent its signed bytes: {}",
                    sent.orderId(), sent.txHash(), r);
        }
        return Optional.empty();
    }

    @Override
    public boolean decideApproval(String approvalId, boolean approve, String by) {
        ApprovalQueue q = sandbox.approvals();
        if (q == null) {
            return false;
        }
        try {
            if (approve) {
                q.approve(approvalId, by);
            } else {
                q.reject(approvalId, by);
            }
            return true;
        } catch (SandboxUserError e) {
            log.info("approval {}: {}", approvalId, e.getMessage());
            return false;
        }
    }

    @Override
    public List<PendingApproval> pendingApprovals() {
        ApprovalQueue q = sandbox.approvals();
        if (q == null) {
            return List.of();
        }
        return q.pending().stream().map(a -> new PendingApproval(a.id(), a.request().path("id").asText(""),
                String.format("%.0f USD: %s", a.usd(), String.join("; ", a.reasons())), a.createdAt())).toList();
    }

    @Override
    public void close() {
        closing = true;
    }
}
