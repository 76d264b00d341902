package io.consilium.agents.strategy;

import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.PortfolioView;
import io.consilium.agents.messages.Proposal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * One strategy's decision for one block. Implementations must never block the calling event loop:
 * rule strategies run on a worker, LLM strategies wait on the bus. A failed future is turned into a
 * hold by the agent.
 */
public interface Decider {
    /** The strategy's name (its YAML's name), unique in the daemon. */
    String name();

    /** "rule" or "llm", for the journal and the dashboard. */
    String kind();

    Future<Proposal> decide(Vertx vertx, MarketTick tick, PortfolioView view);

    /** Puts back the state a restart found in the journal, before the first decision (rule strategies' stop rules). */
    default void restore(io.consilium.agents.messages.RiskState state) {
    }
}
