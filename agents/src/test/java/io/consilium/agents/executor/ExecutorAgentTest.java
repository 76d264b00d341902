package io.consilium.agents.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.agents.bus.Addresses;
import io.consilium.agents.bus.BusCodecs;
import io.consilium.agents.messages.AgentStatus;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.Order;
import io.consilium.agents.messages.SandboxVerdict;
import io.consilium.chain.domain.Address;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The executor's two waits (a human approval, a transaction without a receipt) never stall the account. */
class ExecutorAgentTest {
    static final Address ACCOUNT = Address.of("0x00000000000000000000000000000000000000b1");

    Vertx vertx;
    final BlockingQueue<ExecutionResult> results = new LinkedBlockingQueue<>();
    final BlockingQueue<AgentStatus> statuses = new LinkedBlockingQueue<>();

    @BeforeEach
    void bus() {
        vertx = Vertx.vertx();
        BusCodecs.register(vertx);
        vertx.eventBus().<ExecutionResult>consumer(Addresses.EXECUTOR_RESULT, m -> results.add(m.body()));
        vertx.eventBus().<AgentStatus>consumer(Addresses.STATUS, m -> statuses.add(m.body()));
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().await(20, TimeUnit.SECONDS);
    }

    static Order order(String id, String strategy) {
        return new Order(Order.VERSION, id, strategy, 1, ACCOUNT, "V2:WETH/USDC", "USDC", "WETH", BigInteger.TEN,
                BigInteger.ONE, "test", 0);
    }

    static ExecutionResult result(Order o, ExecutionResult.Status s, String hash, String why) {
        return new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(), s, hash, 7, o.block(), Map.of(), null, why);
    }

    /** Orders named "needs-approval*" park on an approval; a person decides it through decideApproval. */
    static class Approvals implements OrderExecutor {
        final Map<String, Boolean> decided = new ConcurrentHashMap<>();

        @Override
        public Parked execute(Order o, Listener l) {
            l.verdict(new SandboxVerdict(SandboxVerdict.VERSION, o.id(), o.strategy(), SandboxVerdict.Decision.PENDING,
                    List.of(), List.of(), null, 0, 1));
            if (o.id().startsWith("needs-approval")) {
                String id = "ap-" + o.id();
                decided.putIfAbsent(id, false);
                return new Parked(id, "swap", l2 -> {
                    l2.result(result(o, ExecutionResult.Status.FILLED, "0x01", "approved, then filled"));
                    return null;
                });
            }
            l.result(result(o, ExecutionResult.Status.FILLED, "0x02", "filled"));
            return null;
        }

        @Override
        public boolean approvalSettled(String approvalId) {
            return decided.getOrDefault(approvalId, true);
        }

        @Override
        public List<ExecutionResult> reconcile(List<ExecutionResult> sent) {
            return List.of();
        }

        @Override
        public boolean decideApproval(String approvalId, boolean approve, String by) {
            return decided.replace(approvalId, true) != null;
        }

        @Override
        public List<PendingApproval> pendingApprovals() {
            return List.of();
        }

        @Override
        public String describe() {
            return "approvals fake";
        }
    }

    @Test
    void aPendingApprovalDoesNotBlockTheAccountsOtherOrders() throws Exception {
        Approvals exec = new Approvals();
        ExecutorAgent agent = new ExecutorAgent(exec, Set.of(), List.of(), "test@1", 50, 1_000);
        vertx.deployVerticle(agent).await(20, TimeUnit.SECONDS);
        vertx.eventBus().send(Addresses.EXECUTOR_ORDER, order("needs-approval-1", "a"));
        vertx.eventBus().send(Addresses.EXECUTOR_ORDER, order("plain-2", "b"));
        ExecutionResult first = results.poll(30, TimeUnit.SECONDS);
        assertEquals("plain-2", first.orderId(), "the second order ran while the first waited for a person");
        assertEquals(1, agent.parkedOrders());
        assertTrue(results.poll(300, TimeUnit.MILLISECONDS) == null, "nothing happens to the parked order by itself");

        String reply = vertx.eventBus().<String>request(Addresses.APPROVAL_ACTION,
                new io.consilium.agents.messages.ApprovalAction(io.consilium.agents.messages.ApprovalAction.VERSION,
                        "ap-needs-approval-1", true, "test")).await(20, TimeUnit.SECONDS).body();
        assertEquals("ok", reply);
        ExecutionResult resumed = results.poll(30, TimeUnit.SECONDS);
        assertEquals("needs-approval-1", resumed.orderId());
        assertEquals(ExecutionResult.Status.FILLED, resumed.status());
        assertEquals(0, agent.parkedOrders());
    }

    @Test
    void atShutdownAParkedOrderIsAbandonedAndItsApprovalWithdrawn() throws Exception {
        Approvals exec = new Approvals();
        String dep = vertx.deployVerticle(new ExecutorAgent(exec, Set.of(), List.of(), "test@1", 50, 1_000))
                .await(20, TimeUnit.SECONDS);
        vertx.eventBus().send(Addresses.EXECUTOR_ORDER, order("needs-approval-9", "a"));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!exec.decided.containsKey("ap-needs-approval-9") && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        vertx.undeploy(dep).await(20, TimeUnit.SECONDS);
        ExecutionResult r = results.poll(30, TimeUnit.SECONDS);
        assertEquals(ExecutionResult.Status.FAILED, r.status());
        assertTrue(r.reason().contains("abandoned at shutdown") && r.reason().contains("nothing signed"), r.reason());
        assertEquals(true, exec.decided.get("ap-needs-approval-9"), "the approval is taken off the queue");
    }

    /** Every order is sent and left without a receipt; the chain "mines" it on the third re-check. */
    static final class Stuck extends Approvals {
        final AtomicInteger checks = new AtomicInteger();

        @Override
        public Parked execute(Order o, Listener l) {
            l.result(result(o, ExecutionResult.Status.SENT, "0xabc", "sent; no receipt yet"));
            return null;
        }

        @Override
        public Optional<ExecutionResult> recheck(ExecutionResult sent) {
            if (checks.incrementAndGet() < 3) {
                return Optional.empty();
            }
            return Optional.of(new ExecutionResult(ExecutionResult.VERSION, sent.orderId(), sent.strategy(),
                    ExecutionResult.Status.FILLED, sent.txHash(), sent.nonce(), 9, Map.of("WETH", BigInteger.ONE), null,
                    "settled by hash"));
        }
    }

    @Test
    void aTransactionWithoutAReceiptIsWatchedUntilItSettles() throws Exception {
        Stuck exec = new Stuck();
        ExecutorAgent agent = new ExecutorAgent(exec, Set.of(), List.of(), "test@1", 50, 50);
        vertx.deployVerticle(agent).await(20, TimeUnit.SECONDS);
        vertx.eventBus().send(Addresses.EXECUTOR_ORDER, order("stuck-1", "a"));
        assertEquals(ExecutionResult.Status.SENT, results.poll(30, TimeUnit.SECONDS).status());
        AgentStatus waiting = null;
        for (AgentStatus s = statuses.poll(30, TimeUnit.SECONDS); s != null; s = statuses.poll(30, TimeUnit.SECONDS)) {
            if (s.state().equals("waiting")) {
                waiting = s;
                break;
            }
        }
        assertTrue(waiting != null && waiting.detail().contains("0xabc") && waiting.detail().contains("nonce 7"),
                "the status names the transaction still waiting: " + waiting);
        ExecutionResult settled = results.poll(30, TimeUnit.SECONDS);
        assertEquals(ExecutionResult.Status.FILLED, settled.status());
        assertEquals("stuck-1", settled.orderId());
        assertTrue(exec.checks.get() >= 3);
        assertEquals(0, agent.unsettledTransactions());
    }

    @Test
    void recoveredSentOrdersAreWatchedToo() throws Exception {
        Stuck exec = new Stuck();
        Order o = order("from-journal", "a");
        ExecutorAgent agent = new ExecutorAgent(exec, Set.of(o.id()),
                List.of(result(o, ExecutionResult.Status.SENT, "0xdef", "after restart")), "test@1", 50, 50);
        vertx.deployVerticle(agent).await(20, TimeUnit.SECONDS);
        ExecutionResult settled = results.poll(30, TimeUnit.SECONDS);
        assertEquals("from-journal", settled.orderId());
        assertEquals(ExecutionResult.Status.FILLED, settled.status());
    }
}
