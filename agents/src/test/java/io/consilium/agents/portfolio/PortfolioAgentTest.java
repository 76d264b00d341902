package io.consilium.agents.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.consilium.agents.bus.Addresses;
import io.consilium.agents.bus.BusCodecs;
import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.Order;
import io.consilium.agents.messages.Proposal;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fast strategies' orders of a block do not wait for the LLM strategy's answer. */
class PortfolioAgentTest {
    static Proposal buy(String strategy, long block, String source) {
        return new Proposal(Proposal.VERSION, strategy + "-" + block, strategy, block, Proposal.Action.SWAP, "V2:WETH/USDC",
                "USDC", "WETH", BigInteger.valueOf(100_000_000), "why", source, 1);
    }

    @Test
    void fastStrategiesGoOutWithoutWaitingAndTheSlowOneFollowsOnItsOwn() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            BusCodecs.register(vertx);
            RiskLimits lim = new RiskLimits(Map.of("USDC", BigInteger.valueOf(10_000_000_000L)), 1e12, 0.9, 100);
            Book book = new Book("USDC", 1e12, Map.of("a", lim, "b", lim, "llm", lim));
            BlockingQueue<Order> orders = new LinkedBlockingQueue<>();
            vertx.eventBus().<Order>consumer(Addresses.EXECUTOR_ORDER, m -> orders.add(m.body()));
            // a window far longer than the test may wait: only the fast-strategies rule can release the batch
            vertx.deployVerticle(new PortfolioAgent(book, OrderLabelTest.ACCOUNT, Set.of("a", "b", "llm"), Set.of("llm"),
                    600_000, "test@1")).await(20, TimeUnit.SECONDS);
            MarketTick t = BookTest.tick(10);
            vertx.eventBus().publish(Addresses.MARKET_SNAPSHOT, t);
            Thread.sleep(200);
            vertx.eventBus().send(Addresses.PORTFOLIO_PROPOSAL, buy("a", 10, "rule"));
            assertNull(orders.poll(300, TimeUnit.MILLISECONDS), "b has not spoken yet");
            vertx.eventBus().send(Addresses.PORTFOLIO_PROPOSAL, buy("b", 10, "rule"));
            Order first = orders.poll(30, TimeUnit.SECONDS);
            Order second = orders.poll(30, TimeUnit.SECONDS);
            assertNotNull(second, "both fast strategies' orders went out without the LLM's answer");
            assertEquals(Set.of("a", "b"), Set.of(first.strategy(), second.strategy()));
            vertx.eventBus().send(Addresses.PORTFOLIO_PROPOSAL, buy("llm", 10, "llm"));
            Order late = orders.poll(30, TimeUnit.SECONDS);
            assertNotNull(late, "the late LLM proposal is sized on its own at once");
            assertEquals("llm", late.strategy());
        } finally {
            vertx.close().await(20, TimeUnit.SECONDS);
        }
    }
}
