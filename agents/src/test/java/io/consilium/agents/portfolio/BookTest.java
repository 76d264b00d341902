package io.consilium.agents.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.Proposal;
import io.consilium.chain.domain.Address;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BookTest {
    static MarketTick tick(long block) {
        MarketTick t = OrderLabelTest.tick();
        return new MarketTick(t.version(), t.chainId(), block, "0x" + block, t.timestamp() + block, t.tokens(), t.pools(),
                t.account(), Map.of(), 1);
    }

    static Proposal buy(long block) {
        return new Proposal(Proposal.VERSION, "p" + block, "s", block, Proposal.Action.SWAP, "V2:WETH/USDC", "USDC", "WETH",
                BigInteger.valueOf(100_000_000), "why", "rule", 1);
    }

    @Test
    void aProposalMadeInTheBlockItsPreviousOrderSettledInWaitsForFreshHoldings() {
        Book book = new Book("USDC", 1e12, Map.of("s", new RiskLimits(Map.of("USDC", BigInteger.valueOf(10_000_000_000L)),
                1e12, 0.9, 100)));
        book.mark(tick(10));
        Book.Sized first = book.size(buy(10), OrderLabelTest.ACCOUNT, "o-10");
        assertNotNull(first.order(), first.rejection());
        assertTrue(book.size(buy(10), OrderLabelTest.ACCOUNT, "o-10b").rejection().contains("in flight"));
        book.mark(tick(11));
        book.onResult(new ExecutionResult(ExecutionResult.VERSION, "o-10", "s", ExecutionResult.Status.FILLED, "0x1", 0, 11,
                Map.of("USDC", BigInteger.valueOf(-100_000_000), "WETH", BigInteger.TEN.pow(16)), null, "filled"));
        // decided on block 11's view, which may predate the fill booked during block 11
        Book.Sized stale = book.size(buy(11), OrderLabelTest.ACCOUNT, "o-11");
        assertNull(stale.order());
        assertTrue(stale.rejection().contains("decides again on fresh holdings"), stale.rejection());
        book.mark(tick(12));
        assertNotNull(book.size(buy(12), OrderLabelTest.ACCOUNT, "o-12").order());
        assertTrue(List.of(book.inFlightOrders().getFirst().id()).contains("o-12"));
    }

    @Test
    void pricesTokensByAddressFromTheLastSnapshotForTheSandboxUsdCaps() {
        Book book = new Book("USDC", 1e12, Map.of());
        assertTrue(book.priceOf(OrderLabelTest.WETH.address()).isEmpty(), "no snapshot yet");
        book.mark(tick(10));
        assertEquals(3000.0, book.priceOf(OrderLabelTest.WETH.address()).orElseThrow(), 1e-6);
        assertEquals(3000.0, book.priceOf(Address.ZERO).orElseThrow(), 1e-6, "the native coin is priced as WETH");
        assertEquals(1.0, book.priceOf(OrderLabelTest.USDC.address()).orElseThrow(), 1e-12);
        assertTrue(book.priceOf(Address.of("0x00000000000000000000000000000000000000ff")).isEmpty(), "not in any pool");
    }
}
