package io.consilium.agents.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.agents.bus.Addresses;
import io.consilium.agents.bus.BusCodecs;
import io.consilium.agents.executor.ExecutorAgent;
import io.consilium.agents.executor.OrderExecutor;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.Order;
import io.consilium.agents.messages.ReorgEvent;
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
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A reorg replaces the block a fill was booked in: the executor looks the transaction up again and the book
 * follows — kept (block updated) when the new fork has its receipt, taken back and watched again when it does not.
 */
class ReorgSettlementTest {
    static final BigInteger BUDGET = BigInteger.valueOf(10_000_000_000L);
    static final Map<String, BigInteger> FILL = Map.of("USDC", BigInteger.valueOf(-100_000_000), "WETH",
            BigInteger.TEN.pow(16));

    Vertx vertx;
    Book book;
    final BlockingQueue<ExecutionResult> results = new LinkedBlockingQueue<>();

    /** Fills every order in block 11; afterwards answers re-checks from {@link #chain} (tx hash → what the chain says). */
    static final class Chain implements OrderExecutor {
        final Map<String, Supplier<Optional<ExecutionResult>>> chain = new ConcurrentHashMap<>();

        @Override
        public Parked execute(Order o, Listener l) {
            l.result(new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(), ExecutionResult.Status.FILLED,
                    "0x" + o.id(), 4, 11, FILL, BigInteger.valueOf(21_000), "filled"));
            return null;
        }

        @Override
        public Optional<ExecutionResult> recheck(ExecutionResult sent) {
            return chain.getOrDefault(sent.txHash(), Optional::empty).get();
        }

        @Override
        public List<ExecutionResult> reconcile(List<ExecutionResult> sent) {
            return List.of();
        }

        @Override
        public boolean decideApproval(String approvalId, boolean approve, String by) {
            return false;
        }

        @Override
        public List<PendingApproval> pendingApprovals() {
            return List.of();
        }

        @Override
        public String describe() {
            return "reorg fake";
        }
    }

    @BeforeEach
    void bus() {
        vertx = Vertx.vertx();
        BusCodecs.register(vertx);
        book = new Book("USDC", 1e12, Map.of("s", new RiskLimits(Map.of("USDC", BUDGET), 1e12, 0.9, 100)));
        vertx.eventBus().<ExecutionResult>consumer(Addresses.EXECUTOR_RESULT, m -> {
            book.onResult(m.body());
            results.add(m.body());
        });
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().await(20, TimeUnit.SECONDS);
    }

    /** Sizes and sends one order, waits for its fill in block 11. */
    Order filled(Chain exec) throws Exception {
        vertx.deployVerticle(new ExecutorAgent(exec, Set.of(), List.of(), "test@1", 50, 50)).await(20, TimeUnit.SECONDS);
        book.mark(BookTest.tick(10));
        Order o = book.size(BookTest.buy(10), OrderLabelTest.ACCOUNT, "o-10").order();
        assertNotNull(o);
        vertx.eventBus().send(Addresses.EXECUTOR_ORDER, o);
        ExecutionResult f = results.poll(30, TimeUnit.SECONDS);
        assertEquals(ExecutionResult.Status.FILLED, f.status());
        assertEquals(BUDGET.subtract(BigInteger.valueOf(100_000_000)), book.view("s").holdings().get("USDC"));
        assertEquals(0, book.ordersInFlight());
        return o;
    }

    static void reorg(Vertx vertx, long forkBlock) {
        vertx.eventBus().publish(Addresses.MARKET_REORG, new ReorgEvent(ReorgEvent.VERSION, forkBlock, 2, 12, "0xnew"));
    }

    @Test
    void aFillWhoseTransactionTheNewForkMinedElsewhereIsKeptWithItsNewBlock() throws Exception {
        Chain exec = new Chain();
        Order o = filled(exec);
        exec.chain.put("0x" + o.id(), () -> Optional.of(new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(),
                ExecutionResult.Status.FILLED, "0x" + o.id(), 4, 12, FILL, BigInteger.valueOf(21_000), "settled by hash")));
        reorg(vertx, 11);
        ExecutionResult back = results.poll(30, TimeUnit.SECONDS);
        assertEquals(ExecutionResult.Status.REORGED, back.status(), back.toString());
        assertEquals(BigInteger.valueOf(100_000_000), back.deltas().get("USDC"), "the booked fill, negated");
        ExecutionResult again = results.poll(30, TimeUnit.SECONDS);
        assertEquals(ExecutionResult.Status.FILLED, again.status());
        assertEquals(12, again.block(), "the fill now points at its block on the new fork");
        var view = book.view("s");
        assertEquals(BUDGET.subtract(BigInteger.valueOf(100_000_000)), view.holdings().get("USDC"), "fill kept");
        assertEquals(BigInteger.TEN.pow(16), view.holdings().get("WETH"));
        assertEquals(0, book.ordersInFlight());
        assertEquals(1, book.report(OrderLabelTest.ACCOUNT).strategies().getFirst().fills());
    }

    @Test
    void aFillWhoseTransactionWasDroppedIsReversedAndFailsWhenItsNonceIsReused() throws Exception {
        Chain exec = new Chain();
        Order o = filled(exec);
        // not on the new fork at all (yet): the watch takes it again
        exec.chain.put("0x" + o.id(), Optional::empty);
        reorg(vertx, 11);
        ExecutionResult back = results.poll(30, TimeUnit.SECONDS);
        assertEquals(ExecutionResult.Status.REORGED, back.status());
        ExecutionResult sent = results.poll(30, TimeUnit.SECONDS);
        assertEquals(ExecutionResult.Status.SENT, sent.status());
        assertEquals(4, sent.nonce(), "watched by hash and the fill's nonce");
        var view = book.view("s");
        assertEquals(BUDGET, view.holdings().get("USDC"), "holdings back: the fill is gone");
        assertEquals(0, view.holdings().get("WETH").signum());
        assertEquals(0, book.report(OrderLabelTest.ACCOUNT).strategies().getFirst().fills());
        assertEquals(1, book.ordersInFlight(), "the order is open again");
        book.mark(BookTest.tick(13));
        Book.Sized blocked = book.size(BookTest.buy(13), OrderLabelTest.ACCOUNT, "o-13");
        assertNull(blocked.order());
        assertTrue(blocked.rejection().contains("in flight"), blocked.rejection());

        // its nonce went to another transaction on the new fork: the order ends failed, nothing re-sent
        exec.chain.put("0x" + o.id(), () -> Optional.of(new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(),
                ExecutionResult.Status.FAILED, "0x" + o.id(), 4, 10, Map.of(), BigInteger.ZERO, "nonce 4 was used by another")));
        ExecutionResult failed = results.poll(30, TimeUnit.SECONDS);
        assertEquals(ExecutionResult.Status.FAILED, failed.status());
        assertEquals(0, book.ordersInFlight());
        assertEquals(BUDGET, book.view("s").holdings().get("USDC"));
        book.mark(BookTest.tick(14));
        assertNotNull(book.size(BookTest.buy(14), OrderLabelTest.ACCOUNT, "o-14").order(), "the strategy trades again");
    }

    @Test
    void aFillWhoseLookUpFailsStaysBookedAndIsRetriedUntilTheNodeAnswers() throws Exception {
        Chain exec = new Chain();
        Order o = filled(exec);
        java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
        exec.chain.put("0x" + o.id(), () -> {
            tries.incrementAndGet();
            throw new IllegalStateException("node unreachable");
        });
        reorg(vertx, 11);
        long until = System.currentTimeMillis() + 30_000;
        while (tries.get() < 3 && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertTrue(tries.get() >= 3, "looked up again with the re-check rounds, not given up after one failure");
        assertNull(results.poll(200, TimeUnit.MILLISECONDS), "unknown is not gone: nothing is taken back yet");
        assertEquals(BUDGET.subtract(BigInteger.valueOf(100_000_000)), book.view("s").holdings().get("USDC"));

        exec.chain.put("0x" + o.id(), Optional::empty); // the node answers: not on the new fork
        ExecutionResult back = results.poll(30, TimeUnit.SECONDS);
        assertEquals(ExecutionResult.Status.REORGED, back.status(), String.valueOf(back));
        ExecutionResult sent = results.poll(30, TimeUnit.SECONDS);
        assertEquals(ExecutionResult.Status.SENT, sent.status());
        assertEquals(BUDGET, book.view("s").holdings().get("USDC"), "the fill is taken back once");
        assertNull(results.poll(500, TimeUnit.MILLISECONDS), "settled once, not once per retry");
    }

    @Test
    void aFillBelowTheForkOrStillInItsBlockIsLeftAlone() throws Exception {
        Chain exec = new Chain();
        Order o = filled(exec);
        reorg(vertx, 12);
        exec.chain.put("0x" + o.id(), () -> Optional.of(new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(),
                ExecutionResult.Status.FILLED, "0x" + o.id(), 4, 11, FILL, BigInteger.valueOf(21_000), "same")));
        reorg(vertx, 11);
        assertNull(results.poll(1, TimeUnit.SECONDS), "no result changes");
        assertEquals(BUDGET.subtract(BigInteger.valueOf(100_000_000)), book.view("s").holdings().get("USDC"));
        assertEquals(0, book.ordersInFlight());
    }
}
