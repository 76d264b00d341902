package io.consilium.agents.strategy;

import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.PortfolioView;
import io.consilium.agents.messages.Proposal;
import io.consilium.agents.messages.RiskState;
import io.consilium.agents.bus.Addresses;
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

        /** State that must survive a restart (the YAML's stop rules), or null when the rule keeps none. */
        default RiskState riskState() {
            return null;
        }

        default void restore(RiskState state) {
        }
    }

    private final String name;
    private final Rule rule;
    private WorkerExecutor worker;
    private RiskState published;

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
        return worker.executeBlocking(() -> {
            Proposal p = rule.decide(tick, view);
            publishRisk(vertx);
            return p;
        }, true);
    }

    /** Publishes the stop-rule state when it changed (the block number alone is no change), so the journal has it. */
    private void publishRisk(Vertx vertx) {
        RiskState s = rule.riskState();
        if (s == null || !Double.isFinite(s.peak())) {
            return;
        }
        if (published == null || published.peak() != s.peak() || !published.cost().equals(s.cost())
                || !published.last().equals(s.last()) || !java.util.Objects.equals(published.halted(), s.halted())) {
            published = s;
            vertx.eventBus().publish(Addresses.STRATEGY_RISK, s);
        }
    }

    @Override
    public synchronized void restore(RiskState state) {
        rule.restore(state);
        published = state;
    }
}
