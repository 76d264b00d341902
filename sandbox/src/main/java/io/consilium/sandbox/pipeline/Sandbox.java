package io.consilium.sandbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.domain.Address;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.chain.wallet.Signer;
import io.consilium.sandbox.Hex;
import io.consilium.sandbox.TxRequest;
import io.consilium.sandbox.approval.Approval;
import io.consilium.sandbox.approval.ApprovalQueue;
import io.consilium.sandbox.journal.Journal;
import io.consilium.sandbox.policy.Facts;
import io.consilium.sandbox.policy.Policy;
import io.consilium.sandbox.policy.PolicyEngine;
import io.consilium.sandbox.policy.QuoteSource;
import io.consilium.sandbox.policy.RuleResult;
import io.consilium.sandbox.sim.JsonRpc;
import io.consilium.sandbox.sim.Simulation;
import io.consilium.sandbox.sim.SimulationFailure;
import io.consilium.sandbox.sim.Simulator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulate-first pipeline: request → build → simulate → asset changes → policy → (approval) →
 * sign → send → confirm → reconcile, journaled at every step. The transaction signed is the very
 * {@link Eip1559Tx} that was simulated; if the chain moved past the simulated block before signing,
 * it is simulated and checked again. Any failure before the signer denies.
 */
public final class Sandbox {
    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
    private static final int MAX_RESIMULATIONS = 3;

    private final JsonRpc rpc;
    private final Simulator simulator;
    private final PolicyEngine engine;
    private final Journal journal;
    private final Mode mode;
    private final Function<Address, Optional<Signer>> signers;
    private final QuoteSource quotes;
    private final ApprovalQueue approvals;
    private final Set<Address> ourAccounts;
    private final Duration confirmTimeout;
    private final Clock clock;
    private final PaperPortfolio paper = new PaperPortfolio();
    private final Map<String, TxRequest> awaiting = new java.util.concurrent.ConcurrentHashMap<>();
    /** Signed bytes of live transactions sent without a receipt yet, by hash: what {@link #rebroadcast} re-sends. */
    private final Map<String, String> unconfirmed = new java.util.concurrent.ConcurrentHashMap<>();
    private final io.consilium.chain.tx.NonceManager nonces;
    private final io.consilium.sandbox.sim.BundleSimulator bundles;
    private volatile io.consilium.chain.domain.ChainId nodeChain;

    private Sandbox(Builder b) {
        this.rpc = Objects.requireNonNull(b.rpc, "rpc");
        this.simulator = Objects.requireNonNull(b.simulator, "simulator");
        this.engine = Objects.requireNonNull(b.engine, "policy engine");
        this.journal = Objects.requireNonNull(b.journal, "journal");
        this.mode = b.mode;
        this.signers = b.signers;
        this.quotes = b.quotes;
        this.approvals = b.approvals;
        this.ourAccounts = Set.copyOf(b.ourAccounts);
        this.confirmTimeout = b.confirmTimeout;
        this.clock = b.clock;
        this.nonces = b.nonces;
        this.bundles = b.bundles;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Mode mode() {
        return mode;
    }

    public PolicyEngine engine() {
        return engine;
    }

    public PaperPortfolio paperPortfolio() {
        return paper;
    }

    public ApprovalQueue approvals() {
        return approvals;
    }

    /** Runs one request through the pipeline. Never throws for a bad or hostile request: it denies. */
    public Verdict submit(TxRequest request) {
        return submit(request, v -> { });
    }

    /**
     * As {@link #submit(TxRequest)}; in live mode {@code onDecided} receives the allow verdict the moment
     * the policy allows, before signing — the returned verdict comes after send and confirmation.
     */
    public Verdict submit(TxRequest request, java.util.function.Consumer<Verdict> onDecided) {
        return run(request, UUID.randomUUID().toString(), null, onDecided);
    }

    /** Continues a request that was pending once a person approved it (re-simulated, re-checked). */
    public Verdict resume(String approvalId) {
        return resume(approvalId, v -> { });
    }

    /** As {@link #resume(String)}, with the allow verdict passed to {@code onDecided} before signing (live). */
    public Verdict resume(String approvalId, java.util.function.Consumer<Verdict> onDecided) {
        Approval a = approvals.get(approvalId).orElseThrow(() ->
                new io.consilium.sandbox.SandboxUserError("no approval request " + approvalId + " in " + approvals.dir()));
        TxRequest req = awaiting.remove(approvalId);
        if (req == null) {
            req = TxRequest.fromJson(a.request(), "approval " + approvalId);
        }
        String requestId = UUID.randomUUID().toString();
        if (a.status() != Approval.Status.APPROVED) {
            Verdict v = new Verdict(requestId, mode, Verdict.Decision.DENY, List.of(new Verdict.Reason("human-approval", "deny",
                    "approval " + approvalId + " is " + a.status().name().toLowerCase())), List.of(), null, null, null, null,
                    approvalId, null, null);
            journal.append("sandbox.verdict", v);
            return v;
        }
        return run(req, requestId, approvalId, onDecided);
    }

    /**
     * Decides whether {@code signer} may sign this EIP-712 typed data (a Permit is an approval by
     * signature). Journaled like a transaction verdict; ALLOW or DENY, never pending.
     */
    public Verdict checkTypedData(JsonNode typedData, Address signer) {
        String requestId = UUID.randomUUID().toString();
        journal.append("sandbox.typed-data", Map.of("requestId", requestId, "signer", signer.toString(), "typedData", typedData));
        List<RuleResult> rs = new ArrayList<>();
        if (engine.killSwitch().engaged()) {
            rs.add(RuleResult.deny("kill-switch", "the kill switch is engaged: " + engine.killSwitch().why()));
        }
        rs.addAll(io.consilium.sandbox.policy.TypedDataRules.check(engine.policy(), typedData, signer));
        boolean denied = rs.stream().anyMatch(r -> r.outcome() == RuleResult.Outcome.DENY);
        Verdict v = new Verdict(requestId, mode, denied ? Verdict.Decision.DENY : Verdict.Decision.ALLOW,
                rs.stream().map(Verdict.Reason::of).toList(), List.of(), null, null, null, null, null, null, null);
        journal.append("sandbox.verdict", v);
        return v;
    }

    /**
     * Paper/shadow: simulates {@code requests} (one sender, consecutive nonces) as one bundle on the
     * fork simulator and checks each against the policy; all are booked/recorded, or none. One verdict
     * per request, in order. Live mode never takes this path (each step there is sent and mined
     * before the next is simulated).
     */
    public List<Verdict> submitBundle(List<TxRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        if (mode == Mode.LIVE) {
            throw new IllegalStateException("bundles are simulated in paper and shadow mode only");
        }
        if (bundles == null) {
            return requests.stream().map(r -> deny(UUID.randomUUID().toString(), List.of(RuleResult.deny("bundle",
                    "no fork simulator is configured, so dependent transactions cannot be simulated together")),
                    null, null)).toList();
        }
        return Bundles.run(this, bundles, requests);
    }

    /** Whether {@link #submitBundle} can simulate (a fork simulator is configured and the mode is not live). */
    public boolean supportsBundles() {
        return bundles != null && mode != Mode.LIVE;
    }

    io.consilium.chain.domain.ChainId nodeChain() {
        if (nodeChain == null) {
            nodeChain = io.consilium.chain.domain.ChainId.of(Hex.big(rpc.call("eth_chainId").asText()).longValueExact());
        }
        return nodeChain;
    }

    Clock clock() {
        return clock;
    }

    QuoteSource quotes() {
        return quotes;
    }

    Set<Address> ours(TxRequest r) {
        Set<Address> s = new LinkedHashSet<>(ourAccounts);
        s.add(r.from());
        s.addAll(engine.policy().ownAccounts());
        return s;
    }

    /**
     * In live mode with a nonce manager, each request takes its own nonce up front (so concurrent
     * requests from one account build distinct transactions) and gives it back unless it was broadcast.
     */
    private Verdict run(TxRequest request, String requestId, String approvedId, java.util.function.Consumer<Verdict> onDecided) {
        if (mode != Mode.LIVE || nonces == null || request.nonce() != null) {
            return runBuilt(request, requestId, approvedId, request.replayKey(), onDecided);
        }
        long nonce;
        try {
            nonce = nonces.next(request.from());
        } catch (RuntimeException e) {
            return deny(requestId, List.of(RuleResult.deny("build", "cannot allocate a nonce: " + e.getMessage())), null, null);
        }
        Verdict v = null;
        try {
            v = runBuilt(request.withNonce(nonce), requestId, approvedId, request.replayKey(), onDecided);
            return v;
        } finally {
            if (v == null || v.txHash() == null || Sender.REFUSED.equals(v.receiptStatus())) {
                nonces.release(request.from(), nonce);
            }
        }
    }

    private Verdict runBuilt(TxRequest request, String requestId, String approvedId, String replayKey,
                             java.util.function.Consumer<Verdict> onDecided) {
        boolean approved = approvedId != null;
        journal.append("sandbox.request", Map.of("requestId", requestId, "mode", mode.name().toLowerCase(),
                "request", request.toJson(), "approvalId", approved ? approvedId : ""));
        Eip1559Tx tx;
        try {
            tx = TxBuilder.build(rpc, request, engine.policy().maxGas());
            if (nodeChain == null) {
                nodeChain = io.consilium.chain.domain.ChainId.of(Hex.big(rpc.call("eth_chainId").asText()).longValueExact());
            }
        } catch (RuntimeException e) {
            return deny(requestId, List.of(RuleResult.deny("build", "cannot build the transaction: " + e.getMessage())), null, null);
        }
        Set<Address> ours = ours(request);
        Facts pre = new Facts(tx, request.from(), ours, nodeChain, null, clock.instant(), Optional.empty());
        List<RuleResult> prechecked = engine.precheck(pre, replayKey, approved);
        if (prechecked.stream().anyMatch(r -> r.outcome() == RuleResult.Outcome.DENY)) {
            return deny(requestId, prechecked, null, null);
        }
        PolicyEngine.Decision d = null;
        Simulation sim = null;
        for (int attempt = 0; attempt < MAX_RESIMULATIONS; attempt++) {
            if (d != null) {
                engine.release(d, null);
            }
            try {
                sim = simulator.simulate(tx, request.from(), ours);
            } catch (SimulationFailure e) {
                return deny(requestId, with(prechecked, RuleResult.deny("simulation-error",
                        "simulation failed, so nothing is signed: " + e.getMessage())), null, null);
            } catch (RuntimeException e) {
                return deny(requestId, with(prechecked, RuleResult.deny("simulation-error",
                        "simulator error, so nothing is signed: " + e)), null, null);
            }
            journal.append("sandbox.simulation", Map.of("requestId", requestId, "simulation", sim));
            Optional<io.consilium.sandbox.policy.Quote> quote;
            try {
                quote = quotes.quote(tx, sim);
            } catch (RuntimeException e) {
                return deny(requestId, with(prechecked, RuleResult.deny("quote", "the independent quote failed: " + e.getMessage())), sim, null);
            }
            Facts facts = new Facts(tx, request.from(), ours, nodeChain, sim, clock.instant(), quote);
            d = engine.evaluate(facts, attempt == 0 ? prechecked : List.of(), attempt == 0 ? replayKey : null,
                    approved || attempt > 0);
            if (d.outcome() != RuleResult.Outcome.ALLOW || mode != Mode.LIVE) {
                break;
            }
            long head;
            try {
                head = simulator.headBlock();
            } catch (RuntimeException e) {
                engine.release(d, replayKey);
                return deny(requestId, with(d.reasons(), RuleResult.deny("simulation-error", "cannot read the head block: " + e.getMessage())), sim, null);
            }
            if (head <= sim.blockNumber()) {
                break;
            }
            log.debug("chain moved from block {} to {} since simulation; simulating again", sim.blockNumber(), head);
            if (attempt == MAX_RESIMULATIONS - 1) {
                engine.release(d, replayKey);
                return deny(requestId, with(d.reasons(), RuleResult.deny("stale-simulation",
                        "the chain kept moving past the simulated block; not signing an unsimulated state")), sim, null);
            }
        }
        return decided(request, requestId, tx, sim, d, ours, replayKey, approvedId, onDecided);
    }

    private Verdict decided(TxRequest request, String requestId, Eip1559Tx tx, Simulation sim, PolicyEngine.Decision d,
                            Set<Address> ours, String replayKey, String approvalId,
                            java.util.function.Consumer<Verdict> onDecided) {
        List<Verdict.Reason> reasons = d.reasons().stream().map(Verdict.Reason::of).toList();
        switch (d.outcome()) {
            case DENY -> {
                return deny(requestId, d.reasons(), sim, approvalId);
            }
            case PENDING -> {
                if (approvals == null) {
                    return deny(requestId, with(d.reasons(), RuleResult.deny("human-approval",
                            "needs a person's approval but no approval queue is configured")), sim, null);
                }
                Approval a = approvals.enqueue(request.toJson(), reasons.stream().map(Verdict.Reason::message).toList(),
                        d.usd(), Duration.ofSeconds(engine.policy().humanApprovalTimeoutSeconds()));
                awaiting.put(a.id(), request);
                Verdict v = new Verdict(requestId, mode, Verdict.Decision.PENDING, reasons, sim.assetChanges(),
                        sim.blockNumber(), null, null, null, a.id(), null, null);
                journal.append("sandbox.verdict", v);
                return v;
            }
            default -> { }
        }
        Verdict v = new Verdict(requestId, mode, Verdict.Decision.ALLOW, reasons, sim.assetChanges(), sim.blockNumber(),
                null, null, null, approvalId, null, null);
        journal.append("sandbox.budget", Map.of("requestId", requestId, "atMillis", clock.millis(), "replayKey", approvalId == null && replayKey != null ? replayKey : "",
                "claims", d.claims().stream().map(c -> Map.of("key", c.key(), "amount", c.amount().toString())).toList()));
        journal.append("sandbox.verdict", v);
        return switch (mode) {
            case PAPER -> {
                paper.book(sim.assetChanges(), ours);
                journal.append("sandbox.paper", Map.of("requestId", requestId, "booked", sim.assetChanges()));
                yield v;
            }
            case SHADOW -> {
                journal.append("sandbox.shadow", Map.of("requestId", requestId, "wouldSend", request.toJson(),
                        "atBlock", sim.blockNumber()));
                yield v;
            }
            case LIVE -> {
                try {
                    onDecided.accept(v);
                } catch (RuntimeException e) {
                    log.warn("sandbox: the verdict listener failed ({}); the transaction proceeds as decided", e.toString());
                }
                yield Sender.signSendConfirm(this, v, request, tx, sim, d, replayKey);
            }
        };
    }

    Verdict deny(String requestId, List<RuleResult> reasons, Simulation sim, String approvalId) {
        Verdict v = new Verdict(requestId, mode, Verdict.Decision.DENY, reasons.stream().map(Verdict.Reason::of).toList(),
                sim == null ? List.of() : sim.assetChanges(), sim == null ? null : sim.blockNumber(), null, null, null,
                approvalId, null, null);
        journal.append("sandbox.verdict", v);
        return v;
    }

    private static List<RuleResult> with(List<RuleResult> a, RuleResult r) {
        List<RuleResult> out = new ArrayList<>(a);
        out.add(r);
        return out;
    }

    /** Gives the budget back (the transaction was not sent) and records that, so a restart does not count it. */
    void releaseBudget(PolicyEngine.Decision d, String replayKey, String requestId) {
        engine.release(d, replayKey);
        journal.append("sandbox.budget-release", Map.of("requestId", requestId));
    }

    /**
     * Re-reserves what allowed requests spent within the policy's window, read back from the journal, so a restart
     * does not reset the rolling caps, forget which requests were accepted (replay protection) or give a sender a
     * fresh rate limit. Requests are recounted from their journaled arrival, which also counts the few that failed
     * before the rate check: the conservative side. Call once, before the first submit; returns the budgets restored.
     */
    public int restoreBudgets() {
        Policy p = engine.policy();
        long now = clock.millis();
        long rateSince = now - p.ratePerSeconds() * 1000;
        long since = Math.min(now - p.windowSeconds() * 1000, rateSince);
        Map<String, JsonNode> spent = new java.util.LinkedHashMap<>();
        for (var e : journal.readSince(java.time.Instant.ofEpochMilli(since), Integer.MAX_VALUE)) {
            String id = e.payload().path("requestId").asText();
            switch (e.type()) {
                case "sandbox.budget" -> spent.put(id, e.payload());
                case "sandbox.budget-release" -> spent.remove(id);
                case "sandbox.request" -> {
                    String from = e.payload().path("request").path("from").asText("");
                    if (e.timeMillis() > rateSince && !from.isEmpty()
                            && e.payload().path("approvalId").asText("").isEmpty()) {
                        engine.recountRequest(Address.of(from).hex(), e.timeMillis());
                    }
                }
                default -> { }
            }
        }
        for (JsonNode b : spent.values()) {
            if (!b.path("replayKey").asText("").isEmpty()) {
                engine.rememberAccepted(b.get("replayKey").asText(), b.path("atMillis").asLong());
            }
            for (JsonNode c : b.path("claims")) {
                engine.ledger().restore(c.path("key").asText(), new java.math.BigInteger(c.path("amount").asText()),
                        b.path("atMillis").asLong());
            }
        }
        return spent.size();
    }

    /** What {@link #rebroadcast} did. */
    public enum Rebroadcast { NOT_SIGNED_HERE, SENT, REFUSED }

    /**
     * Sends a transaction this sandbox signed and sent earlier once more, byte for byte — same hash, same nonce, so it
     * cannot spend twice and passes no new policy decision — for a node that dropped it from its pool. Only live
     * transactions whose receipt wait ended without a receipt (or whose send failed in transport) are kept for this;
     * {@link #forgetSigned} drops one once it is settled.
     */
    public Rebroadcast rebroadcast(String txHash) {
        String raw = unconfirmed.get(txHash);
        if (raw == null) {
            return Rebroadcast.NOT_SIGNED_HERE;
        }
        try {
            rpc.call("eth_sendRawTransaction", raw);
            journal.append("sandbox.rebroadcast", Map.of("txHash", txHash, "result", "sent"));
            return Rebroadcast.SENT;
        } catch (RuntimeException e) {
            journal.append("sandbox.rebroadcast", Map.of("txHash", txHash, "result", "refused",
                    "error", String.valueOf(e.getMessage())));
            return Rebroadcast.REFUSED;
        }
    }

    /** The transaction has a final result: its signed bytes are no longer kept. */
    public void forgetSigned(String txHash) {
        unconfirmed.remove(txHash);
    }

    void keepUnconfirmed(String txHash, String rawHex) {
        if (unconfirmed.size() < 10_000) {
            unconfirmed.put(txHash, rawHex);
        }
    }

    JsonRpc rpc() {
        return rpc;
    }

    Journal journal() {
        return journal;
    }

    Duration confirmTimeout() {
        return confirmTimeout;
    }

    Optional<Signer> signerFor(Address a) {
        return signers.apply(a);
    }

    /** Wiring for a pipeline. rpc, simulator, engine and journal are required. */
    public static final class Builder {
        private JsonRpc rpc;
        private Simulator simulator;
        private PolicyEngine engine;
        private Journal journal;
        private Mode mode = Mode.PAPER;
        private Function<Address, Optional<Signer>> signers = a -> Optional.empty();
        private QuoteSource quotes = QuoteSource.NONE;
        private ApprovalQueue approvals;
        private Set<Address> ourAccounts = Set.of();
        private Duration confirmTimeout = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();
        private io.consilium.chain.tx.NonceManager nonces;
        private io.consilium.sandbox.sim.BundleSimulator bundles;

        public Builder rpc(JsonRpc r) { this.rpc = r; return this; }
        public Builder simulator(Simulator s) { this.simulator = s; return this; }
        public Builder policy(PolicyEngine e) { this.engine = e; return this; }
        public Builder journal(Journal j) { this.journal = j; return this; }
        public Builder mode(Mode m) { this.mode = m; return this; }
        public Builder signer(Signer s) { this.signers = a -> s.address().equals(a) ? Optional.of(s) : Optional.empty(); return this; }
        public Builder signers(Function<Address, Optional<Signer>> f) { this.signers = f; return this; }
        public Builder quotes(QuoteSource q) { this.quotes = q; return this; }
        public Builder approvals(ApprovalQueue q) { this.approvals = q; return this; }
        public Builder ourAccounts(Set<Address> s) { this.ourAccounts = s; return this; }
        public Builder confirmTimeout(Duration d) { this.confirmTimeout = d; return this; }
        public Builder clock(Clock c) { this.clock = c; return this; }
        /** Live mode: take nonces from this manager (safe for concurrent requests from one account). */
        public Builder nonces(io.consilium.chain.tx.NonceManager n) { this.nonces = n; return this; }
        /** Paper/shadow: the fork simulator that runs dependent transactions (approve + swap) as one bundle. */
        public Builder bundles(io.consilium.sandbox.sim.BundleSimulator b) { this.bundles = b; return this; }

        public Sandbox build() {
            return new Sandbox(this);
        }
    }

    static JsonNode receiptOrNull(JsonRpc rpc, String hash) {
        JsonNode r = rpc.call("eth_getTransactionReceipt", hash);
        return r == null || r.isNull() ? null : r;
    }
}
