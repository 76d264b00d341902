package io.consilium.agents.strategy;

import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.PortfolioView;
import io.consilium.agents.messages.Proposal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * Runs a synchronous rule strategy on a worker thread, one decision at a time per strategy (strategy
 * objects keep state between blocks and are not expected to be thread-safe).
 */
public final class RuleDecider implements Decider {
    /** A synchronous, rule-based strategy as the daemon sees it. */
    public interface Rule {
        Proposal decide(MarketTick tick, PortfolioView view);
    }

    private final String name;
    private final Rule rule;
    private WorkerExecutor worker;

    public RuleDecider(String name, Rule rule) {
        this.name = name;
        this.rule = rule;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "rule";
    }

    @Override
    public synchronized Future<Proposal> decide(Vertx vertx, MarketTick tick, PortfolioView view) {
        if (worker == null) {
            worker = vertx.createSharedWorkerExecutor("consilium-strategy-" + name, 1);
        }
        return worker.executeBlocking(() -> rule.decide(tick, view), true);
    }
}
