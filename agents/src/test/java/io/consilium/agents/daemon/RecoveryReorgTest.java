package io.consilium.agents.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consilium.agents.bus.Addresses;
import io.consilium.agents.bus.BusCodecs;
import io.consilium.agents.journal.JsonLinesJournal;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.Order;
import io.consilium.agents.portfolio.Book;
import io.consilium.agents.portfolio.RiskLimits;
import io.consilium.chain.domain.Address;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart after a reorg took a fill back: the replay ends with the fill reversed and the order watched again. */
class RecoveryReorgTest {
    static final BigInteger BUDGET = BigInteger.valueOf(10_000_000_000L);

    @TempDir
    Path dir;

    static ExecutionResult result(Order o, ExecutionResult.Status s, long block, Map<String, BigInteger> deltas) {
        return new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(), s, "0x01", 4, block, deltas, null, "t");
    }

    @Test
    void aFillTakenBackByAReorgIsOpenAgainAfterTheReplay() {
        Order o = new Order(Order.VERSION, "o-10", "s", 10, Address.of("0x00000000000000000000000000000000000000b1"),
                "V2:WETH/USDC", "USDC", "WETH", BigInteger.valueOf(100_000_000), BigInteger.ONE, "t", 0);
        Map<String, BigInteger> fill = Map.of("USDC", BigInteger.valueOf(-100_000_000), "WETH", BigInteger.TEN.pow(16));
        Map<String, BigInteger> undo = Map.of("USDC", BigInteger.valueOf(100_000_000), "WETH", BigInteger.TEN.pow(16).negate());
        try (JsonLinesJournal j = new JsonLinesJournal(dir, BusCodecs.json())) {
            j.append("bus." + Addresses.EXECUTOR_ORDER, o);
            j.append("bus." + Addresses.EXECUTOR_RESULT, result(o, ExecutionResult.Status.FILLED, 11, fill));
            j.append("bus." + Addresses.EXECUTOR_RESULT, result(o, ExecutionResult.Status.REORGED, 11, undo));
            j.append("bus." + Addresses.EXECUTOR_RESULT, result(o, ExecutionResult.Status.SENT, 10, Map.of()));
            Book book = new Book("USDC", 1e12, Map.of("s", new RiskLimits(Map.of("USDC", BUDGET), 1e12, 0.9, 100)));
            Recovery.Outcome out = Recovery.replay(j, book);
            assertEquals(1, out.sentUnsettled().size(), "handed to the watch: " + out.sentUnsettled());
            assertEquals(BUDGET, book.view("s").holdings().get("USDC"), "the fill is reversed");
            assertEquals(1, book.ordersInFlight(), "the order is open");
            assertEquals(0, out.settledOnChain().size(), "nothing of it on chain now: " + out.settledOnChain());

            // re-mined on the new fork later: settles once
            j.append("bus." + Addresses.EXECUTOR_RESULT, result(o, ExecutionResult.Status.FILLED, 13, fill));
            Book again = new Book("USDC", 1e12, Map.of("s", new RiskLimits(Map.of("USDC", BUDGET), 1e12, 0.9, 100)));
            Recovery.Outcome out2 = Recovery.replay(j, again);
            assertEquals(0, out2.sentUnsettled().size());
            assertEquals(BUDGET.subtract(BigInteger.valueOf(100_000_000)), again.view("s").holdings().get("USDC"));
            assertEquals(0, again.ordersInFlight());
            assertEquals(1, out2.settledOnChain().size(), "kept for a reorg after the restart");
            assertEquals(13, out2.settledOnChain().getFirst().block());
        }
    }
}
