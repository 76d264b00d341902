package io.consilium.agents.executor;

import io.consilium.agents.bus.Addresses;
import io.consilium.agents.messages.AgentStatus;
import io.consilium.agents.messages.ApprovalAction;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.Order;
import io.consilium.agents.messages.SandboxVerdict;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
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
    private volatile boolean stopping;

    public ExecutorAgent(OrderExecutor executor, Set<String> ordersSeenBefore, String node) {
        this.executor = executor;
        this.seenOrders.addAll(ordersSeenBefore);
        this.node = node;
    }

    @Override
    public Future<?> start() {
        consumers.add(vertx.eventBus().<Order>consumer(Addresses.EXECUTOR_ORDER, m -> onOrder(m.body())));
        consumers.add(vertx.eventBus().<ApprovalAction>consumer(Addresses.APPROVAL_ACTION, m -> {
            ApprovalAction a = m.body();
            // Unordered: the account's worker may be blocked waiting for exactly this decision.
            vertx.executeBlocking(() -> executor.decideApproval(a.approvalId(), a.approve(), a.by()), false)
                    .onComplete(ar -> m.reply(ar.succeeded() && ar.result()
                            ? "ok" : "no pending approval " + a.approvalId()));
        }));
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
            run(order);
            return null;
        }, true);
        inFlight.add(f);
        f.onComplete(ar -> inFlight.remove(f));
    }

    private void run(Order order) {
        try {
            executor.execute(order, new OrderExecutor.Listener() {
                @Override
                public void verdict(SandboxVerdict v) {
                    vertx.eventBus().publish(Addresses.EXECUTOR_VERDICT, v);
                }

                @Override
                public void result(ExecutionResult r) {
                    publishResult(r);
                }
            });
        } catch (Exception e) {
            log.warn("executor: order {} failed: {}", order.id(), e.toString());
            publishResult(new ExecutionResult(ExecutionResult.VERSION, order.id(), order.strategy(),
                    ExecutionResult.Status.FAILED, null, -1, order.block(), Map.of(), null, e.getMessage()));
        }
    }

    private void publishResult(ExecutionResult r) {
        vertx.eventBus().publish(Addresses.EXECUTOR_RESULT, r);
    }

    public int queuedOrders() {
        return queued.get();
    }

    @Override
    public Future<?> stop() {
        stopping = true;
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
