package io.consilium.agents.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.agents.bus.Addresses;
import io.consilium.agents.bus.BusCodecs;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.MarketTick;
import io.consilium.chain.domain.Address;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class StatusBoardTest {
    static ExecutionResult result(ExecutionResult.Status s) {
        return new ExecutionResult(ExecutionResult.VERSION, "o-1", "s", s, "0xabc", 3, 10, Map.of(), null, "t");
    }

    static void await(Supplier<Boolean> cond, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!cond.get()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aSentTransactionCountsAsPendingUntilItsOrderSettles() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            BusCodecs.register(vertx);
            StatusBoard board = new StatusBoard(new SimpleMeterRegistry(), List::of);
            board.listen(vertx.eventBus());
            vertx.eventBus().publish(Addresses.MARKET_SNAPSHOT, new MarketTick(MarketTick.VERSION, 31337, 10, "0xa", 120,
                    List.of(), List.of(), Address.of("0x00000000000000000000000000000000000000b1"), Map.of(), 1));
            vertx.eventBus().publish(Addresses.EXECUTOR_RESULT, result(ExecutionResult.Status.SENT));
            await(() -> board.consoleLine().contains("1 pending"), "the SENT result: " + board.consoleLine());
            vertx.eventBus().publish(Addresses.EXECUTOR_RESULT, result(ExecutionResult.Status.FILLED));
            await(() -> board.consoleLine().contains("0 pending"), "the settled order: " + board.consoleLine());
            assertTrue(board.consoleLine().contains("2 recent results"), board.consoleLine());
            // a reorg takes the fill back and the order is watched again: pending once more, and the reorg is shown
            vertx.eventBus().publish(Addresses.MARKET_REORG, new io.consilium.agents.messages.ReorgEvent(
                    io.consilium.agents.messages.ReorgEvent.VERSION, 10, 1, 10, "0xb"));
            vertx.eventBus().publish(Addresses.EXECUTOR_RESULT, result(ExecutionResult.Status.REORGED));
            vertx.eventBus().publish(Addresses.EXECUTOR_RESULT, result(ExecutionResult.Status.SENT));
            await(() -> board.consoleLine().contains("1 pending"), "the order SENT again: " + board.consoleLine());
            assertTrue(board.consoleLine().contains("last reorg from block 10, depth 1 (new head 10): 1 settled result"),
                    board.consoleLine());
            var r = board.status().path("lastReorg");
            assertTrue(r.path("forkBlock").asLong() == 10 && r.path("resultsTakenBack").asInt() == 1, r.toString());
        } finally {
            vertx.close().await(20, TimeUnit.SECONDS);
        }
    }
}
