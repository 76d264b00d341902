package io.consilium.agents.executor;

import io.consilium.agents.bus.Addresses;
import io.consilium.agents.messages.AgentStatus;
import io.consilium.agents.messages.ApprovalAction;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.Order;
import io.consilium.agents.messages.ReorgEvent;
import io.consilium.agents.messages.SandboxVerdict;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends orders through the sandbox, one at a time per account (a single ordered worker thread per
 * account, so nonces never race). An order id seen before — in this run or in the journal — is
 * ignored, so a replayed message can never produce a second transaction. On stop, queued orders are
 * abandoned (nothing signed) and the one in flight is allowed to finish.
 * <p>
 * Two waits never hold the account's thread. An order whose step needs a human approval is parked
 * (nothing signed, no nonce taken: the sandbox builds the transaction afresh when it resumes) and
 * the account's next orders — other strategies'; a strategy's own next order waits in the portfolio —
 * go on; when the approval is decided or expires, the order resumes on the account's thread. A
 * transaction left SENT (no receipt within the executor's wait) is re-checked every few seconds by
 * hash and nonce until it is mined or its nonce is taken by another transaction, and the status
 * shows it meanwhile.
 */
public final class ExecutorAgent extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(ExecutorAgent.class);

    private final OrderExecutor executor;
    private final String node;
    private final Set<String> seenOrders = Collections.synchronizedSet(new HashSet<>());
    private final Map<String, WorkerExecutor> perAccount = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private final List<Future<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Waiting> parked = new ConcurrentHashMap<>();
    private final Map<String, ExecutionResult> unsettled = new ConcurrentHashMap<>();
    /** Fills a reorg replaced whose look-up failed (node unreachable), by order id: retried with the SENT re-checks. */
    private final Map<String, ReorgCheck> reorgRetry = new ConcurrentHashMap<>();
    /** Recent results with a transaction on the chain (and their SENT ones), for re-checking after a reorg. */
    private final Map<String, ExecutionResult> onChain = recent();
    private final Map<String, ExecutionResult> lastSent = recent();
    private final long approvalPollMillis;
    private final long recheckMillis;
    private boolean checkingApprovals;
    private boolean checkingSent;
    private boolean retryingReorg;
    private volatile boolean stopping;

    private record Waiting(Order order, OrderExecutor.Parked parked) {
    }

    public ExecutorAgent(OrderExecutor executor, Set<String> ordersSeenBefore, String node) {
        this(executor, ordersSeenBefore, List.of(), node, 500, 3_000);
    }

    /**
     * @param stillSent orders recovery found sent and not yet mined: watched like any SENT result
     */
    public ExecutorAgent(OrderExecutor executor, Set<String> ordersSeenBefore, List<ExecutionResult> stillSent,
                         String node, long approvalPollMillis, long recheckMillis) {
        this.executor = executor;
        this.seenOrders.addAll(ordersSeenBefore);
        stillSent.forEach(r -> unsettled.put(r.orderId(), r));
        this.node = node;
        this.approvalPollMillis = approvalPollMillis;
        this.recheckMillis = recheckMillis;
    }

    @Override
    public Future<?> start() {
        consumers.add(vertx.eventBus().<Order>consumer(Addresses.EXECUTOR_ORDER, m -> onOrder(m.body())));
        consumers.add(vertx.eventBus().<ApprovalAction>consumer(Addresses.APPROVAL_ACTION, m -> {
            ApprovalAction a = m.body();
            // Unordered: the account's worker may be blocked waiting for exactly this decision.
            vertx.executeBlocking(() -> executor.decideApproval(a.approvalId(), a.approve(), a.by()), false)
                    .onComplete(ar -> {
                        m.reply(ar.succeeded() && ar.result() ? "ok" : "no pending approval " + a.approvalId());
                        checkApprovals();
                    });
        }));
        consumers.add(vertx.eventBus().<ReorgEvent>consumer(Addresses.MARKET_REORG, m -> onReorg(m.body())));
        vertx.setPeriodic(approvalPollMillis, t -> checkApprovals());
        vertx.setPeriodic(recheckMillis, t -> recheckSent());
        vertx.eventBus().publish(Addresses.STATUS, AgentStatus.of("executor", node, "ok", executor.describe()));
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }

    private void onOrder(Order order) {
        if (stopping) {
            log.info("executor: stopping, order {} abandoned before simulation", order.id());
            return;
        }
        if (!seenOrders.add(order.id())) {
            log.warn("executor: order {} seen before; ignored (never executed twice)", order.id());
            publishResult(new ExecutionResult(ExecutionResult.VERSION, order.id(), order.strategy(),
                    ExecutionResult.Status.FAILED, null, -1, order.block(), Map.of(), null,
                    "duplicate order id: ignored, nothing sent"));
            return;
        }
        onAccount(order, () -> run(order));
    }

    /** Runs work for the order on its account's single ordered thread; at shutdown it is abandoned unsigned. */
    private void onAccount(Order order, Runnable work) {
        WorkerExecutor w = perAccount.computeIfAbsent(order.account().hex(),
                a -> vertx.createSharedWorkerExecutor("consilium-exec-" + a.substring(2, 10), 1));
        queued.incrementAndGet();
        Future<Void> f = w.executeBlocking(() -> {
            queued.decrementAndGet();
            if (stopping) {
                publishResult(new ExecutionResult(ExecutionResult.VERSION, order.id(), order.strategy(),
                        ExecutionResult.Status.FAILED, null, -1, order.block(), Map.of(), null,
                        "abandoned at shutdown before simulation"));
                return null;
            }
            work.run();
            return null;
        }, true);
        inFlight.add(f);
        f.onComplete(ar -> inFlight.remove(f));
    }

    private OrderExecutor.Listener listener() {
        return new OrderExecutor.Listener() {
            @Override
            public void verdict(SandboxVerdict v) {
                vertx.eventBus().publish(Addresses.EXECUTOR_VERDICT, v);
            }

            @Override
            public void result(ExecutionResult r) {
                if (r.status() == ExecutionResult.Status.SENT && r.txHash() != null) {
                    unsettled.put(r.orderId(), r);
                }
                publishResult(r);
            }
        };
    }

    private void run(Order order) {
        step(order, () -> executor.execute(order, listener()));
    }

    private interface Step {
        OrderExecutor.Parked run() throws Exception;
    }

    private void step(Order order, Step s) {
        try {
            OrderExecutor.Parked p = s.run();
            if (p != null) {
                parked.put(p.approvalId(), new Waiting(order, p));
                status();
            }
        } catch (Exception e) {
            log.warn("executor: order {} failed: {}", order.id(), e.toString());
            publishResult(new ExecutionResult(ExecutionResult.VERSION, order.id(), order.strategy(),
                    ExecutionResult.Status.FAILED, null, -1, order.block(), Map.of(), null, e.getMessage()));
        }
    }

    private void publishResult(ExecutionResult r) {
        remember(r);
        vertx.eventBus().publish(Addresses.EXECUTOR_RESULT, r);
    }

    /** Results settled on chain before a restart (from the journal), so a reorg can re-check them as well. */
    public void rememberSettled(List<ExecutionResult> settled) {
        settled.forEach(this::remember);
    }

    private static Map<String, ExecutionResult> recent() {
        return Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ExecutionResult> eldest) {
                return size() > 256;
            }
        });
    }

    private void remember(ExecutionResult r) {
        if (r.txHash() == null) {
            return;
        }
        switch (r.status()) {
            case SENT -> lastSent.put(r.orderId(), r);
            case FILLED, REVERTED -> onChain.put(r.orderId(), r);
            case REORGED -> onChain.remove(r.orderId());
            default -> {
            }
        }
    }

    /**
     * Blocks from {@code forkBlock} on were replaced: every result we settled in them is looked up again by hash
     * (and nonce) on the new fork. Same receipt → nothing changes. Otherwise the booked result is taken back
     * (REORGED) and followed by what the new fork says: its receipt in another block, a failure when its nonce
     * went to another transaction, or — not mined on the new fork yet — SENT again, watched like any sent order.
     */
    private void onReorg(ReorgEvent e) {
        List<ExecutionResult> hit;
        synchronized (onChain) {
            hit = onChain.values().stream().filter(r -> r.block() >= e.forkBlock()).toList();
        }
        log.warn("executor: reorg from block {} (depth {}): {} settled transaction(s) of ours in the replaced blocks",
                e.forkBlock(), e.depth(), hit.size());
        if (hit.isEmpty()) {
            return;
        }
        recheckAfterReorg(hit.stream().map(f -> new ReorgCheck(e, f)).toList(), false);
    }

    /** A fill in blocks a reorg replaced, to be looked up on the new fork. */
    private record ReorgCheck(ReorgEvent event, ExecutionResult filled) {
    }

    /**
     * Looks each fill up again off the event loop; one whose look-up fails stays booked for now and is retried with
     * the next re-check round (unknown is not gone, but it is not settled either).
     */
    private void recheckAfterReorg(List<ReorgCheck> checks, boolean retry) {
        if (retry) {
            retryingReorg = true;
        }
        vertx.executeBlocking(() -> {
            List<Reorged> out = new ArrayList<>();
            for (ReorgCheck c : checks) {
                ExecutionResult f = c.filled();
                // Without its SENT result (mined within the executor's wait) the gas paid before this transaction
                // (an approval of the same order) is not known apart from its own: the re-check starts from zero.
                ExecutionResult sent = lastSent.getOrDefault(f.orderId(), new ExecutionResult(ExecutionResult.VERSION,
                        f.orderId(), f.strategy(), ExecutionResult.Status.SENT, f.txHash(), f.nonce(), f.block(), Map.of(),
                        BigInteger.ZERO, "sent"));
                try {
                    out.add(new Reorged(c, sent, executor.recheck(sent)));
                } catch (Exception ex) {
                    if (reorgRetry.put(f.orderId(), c) == null) {
                        log.warn("executor: after the reorg, {} of order {} could not be looked up ({}); its fill stays "
                                + "booked until a retry reaches the node", f.txHash(), f.orderId(), ex.toString());
                    }
                }
            }
            return out;
        }, false).onComplete(ar -> {
            if (retry) {
                retryingReorg = false;
            }
            if (ar.failed()) {
                return;
            }
            for (Reorged x : ar.result()) {
                String id = x.check().filled().orderId();
                // A fill is settled once: a retry only while it is still the one waiting; a first look-up also ends
                // any older reorg's retry of the same fill.
                if (retry && !reorgRetry.remove(id, x.check())) {
                    continue;
                }
                if (!retry) {
                    reorgRetry.remove(id);
                }
                settleAfterReorg(x.check().event(), x);
            }
            status();
        });
    }

    private record Reorged(ReorgCheck check, ExecutionResult sent, java.util.Optional<ExecutionResult> now) {
    }

    private void settleAfterReorg(ReorgEvent e, Reorged x) {
        ExecutionResult was = x.check().filled();
        ExecutionResult now = x.now().orElse(null);
        if (now != null && now.status() == was.status() && now.block() == was.block()
                && now.deltas().equals(was.deltas())) {
            log.info("executor: after the reorg, order {} tx {} is still in block {}", was.orderId(), was.txHash(),
                    was.block());
            return;
        }
        Map<String, BigInteger> undo = new java.util.TreeMap<>();
        was.deltas().forEach((k, v) -> undo.put(k, v.negate()));
        String where = now == null ? "not mined on the new fork: watched again by hash and nonce"
                : now.status() == ExecutionResult.Status.FAILED ? now.reason()
                : "now in block " + now.block();
        publishResult(new ExecutionResult(ExecutionResult.VERSION, was.orderId(), was.strategy(),
                ExecutionResult.Status.REORGED, was.txHash(), was.nonce(), was.block(), undo, was.gasCostWei().negate(),
                "reorg from block " + e.forkBlock() + " (depth " + e.depth() + ") replaced block " + was.block()
                        + ": its " + was.status() + " result is taken back; " + where));
        log.warn("executor: order {} tx {} was {} in block {}, replaced by a reorg; {}", was.orderId(), was.txHash(),
                was.status(), was.block(), where);
        if (now != null) {
            publishResult(now);
        } else {
            ExecutionResult again = new ExecutionResult(ExecutionResult.VERSION, was.orderId(), was.strategy(),
                    ExecutionResult.Status.SENT, was.txHash(), x.sent().nonce() >= 0 ? x.sent().nonce() : was.nonce(),
                    x.sent().block(), Map.of(), x.sent().gasCostWei(), "reorged out of block " + was.block()
                    + "; no receipt on the new fork yet, watched by hash and nonce");
            unsettled.put(again.orderId(), again);
            publishResult(again);
        }
    }

    /** Resumes, on the account's thread, every parked order whose approval was decided or expired. */
    private void checkApprovals() {
        if (parked.isEmpty() || checkingApprovals || stopping) {
            return;
        }
        checkingApprovals = true;
        vertx.executeBlocking(() -> parked.keySet().stream().filter(executor::approvalSettled).toList(), false)
                .onComplete(ar -> {
                    checkingApprovals = false;
                    if (ar.failed() || stopping) {
                        return;
                    }
                    for (String id : ar.result()) {
                        Waiting w = parked.remove(id);
                        if (w != null) {
                            log.info("executor: approval {} decided; order {} resumes its {} step", id, w.order().id(),
                                    w.parked().step());
                            onAccount(w.order(), () -> step(w.order(), () -> w.parked().resume().run(listener())));
                        }
                    }
                    status();
                });
    }

    /** Re-checks every SENT transaction by hash and nonce; publishes the final result once there is one. */
    private void recheckSent() {
        if (!reorgRetry.isEmpty() && !retryingReorg && !stopping) {
            recheckAfterReorg(List.copyOf(reorgRetry.values()), true);
        }
        if (unsettled.isEmpty() || checkingSent || stopping) {
            return;
        }
        checkingSent = true;
        vertx.executeBlocking(() -> {
            List<ExecutionResult> done = new ArrayList<>();
            for (ExecutionResult s : List.copyOf(unsettled.values())) {
                try {
                    executor.recheck(s).ifPresent(done::add);
                } catch (Exception e) {
                    log.debug("executor: re-check of {} failed: {}", s.txHash(), e.toString());
                }
            }
            return done;
        }, false).onComplete(ar -> {
            checkingSent = false;
            if (ar.succeeded()) {
                for (ExecutionResult r : ar.result()) {
                    if (unsettled.remove(r.orderId()) != null) {
                        log.info("executor: order {} tx {} settled as {} ({})", r.orderId(), r.txHash(), r.status(), r.reason());
                        publishResult(r);
                    }
                }
            }
            status();
        });
    }

    private String lastStatus = "";

    /** "ok", or "waiting" naming the parked approvals and the transactions still without a receipt. */
    private void status() {
        List<String> parts = new ArrayList<>();
        parked.values().forEach(w -> parts.add("order " + w.order().id() + " waits for approval " + w.parked().approvalId()));
        unsettled.values().forEach(r -> parts.add("order " + r.orderId() + " tx " + r.txHash() + " sent, no receipt yet"
                + (r.nonce() >= 0 ? " (nonce " + r.nonce() + ")" : "")));
        String detail = parts.isEmpty() ? executor.describe() : String.join("; ", parts);
        reorgRetry.values().forEach(c -> parts.add("order " + c.filled().orderId() + " tx " + c.filled().txHash()
                + " not yet re-checked after the reorg from block " + c.event().forkBlock()));
        String state = unsettled.isEmpty() && reorgRetry.isEmpty() ? "ok" : "waiting";
        if (!(state + detail).equals(lastStatus)) {
            lastStatus = state + detail;
            vertx.eventBus().publish(Addresses.STATUS, AgentStatus.of("executor", node, state, detail));
        }
    }

    public int parkedOrders() {
        return parked.size();
    }

    public int unsettledTransactions() {
        return unsettled.size();
    }

    public int queuedOrders() {
        return queued.get();
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        // Parked orders signed nothing: they end here (their approvals stay in the queue, and a restart
        // treats the orders as never sent).
        List<String> withdrawn = new ArrayList<>();
        for (Waiting w : parked.values()) {
            publishResult(new ExecutionResult(ExecutionResult.VERSION, w.order().id(), w.order().strategy(),
                    ExecutionResult.Status.FAILED, null, -1, w.order().block(), Map.of(), null,
                    "abandoned at shutdown while waiting for approval " + w.parked().approvalId() + "; nothing signed"));
            withdrawn.add(w.parked().approvalId());
        }
        parked.clear();
        // Nobody will resume them: take them off the queue so a person is not asked about a dead order.
        withdrawn.forEach(id -> executor.decideApproval(id, false, "daemon shutdown (order abandoned)"));
        List<Future<?>> running;
        synchronized (inFlight) {
            running = List.copyOf(inFlight);
        }
        Promise<Void> done = Promise.promise();
        // Let the order in flight finish (it may be between sign and receipt); queued ones abandon themselves.
        Future.join(running).onComplete(ar -> {
            perAccount.values().forEach(WorkerExecutor::close);
            executor.close();
            done.complete();
        });
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).compose(v -> done.future());
    }
}
