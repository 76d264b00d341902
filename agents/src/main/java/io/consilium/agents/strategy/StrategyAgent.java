package io.consilium.agents.strategy;

import io.consilium.agents.bus.Addresses;
import io.consilium.agents.messages.AgentStatus;
import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.PortfolioView;
import io.consilium.agents.messages.Proposal;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One strategy on the bus: for each block it asks the portfolio for its view, asks its
 * {@link Decider}, and sends the resulting proposal (a hold with its reason on any failure). A block
 * that arrives while the previous decision is still running is skipped, never queued: a strategy
 * acts on the newest market, not on a backlog.
 */
public final class StrategyAgent extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(StrategyAgent.class);

    private final Decider decider;
    private final String node;
    private final long decideTimeoutMillis;
    private MessageConsumer<MarketTick> consumer;
    private boolean busy;
    private long skipped;
    private String lastState = "";
    private volatile boolean stopping;

    public StrategyAgent(Decider decider, String node, long decideTimeoutMillis) {
        this.decider = decider;
        this.node = node;
        this.decideTimeoutMillis = decideTimeoutMillis;
    }

    @Override
    public Future<?> start() {
        consumer = vertx.eventBus().consumer(Addresses.MARKET_SNAPSHOT, m -> onTick(m.body()));
        status("ok", decider.kind() + " strategy ready");
        return consumer.completion();
    }

    private void onTick(MarketTick tick) {
        if (stopping) {
            return;
        }
        if (busy) {
            skipped++;
            return;
        }
        busy = true;
        String id = decider.name() + "-" + tick.block();
        vertx.eventBus().<PortfolioView>request(Addresses.PORTFOLIO_VIEW, decider.name(),
                        new DeliveryOptions().setSendTimeout(2_000))
                .compose(view -> decider.decide(vertx, tick, view.body()))
                .timeout(decideTimeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS)
                .recover(err -> Future.succeededFuture(Proposal.hold(id, decider.name(), tick.block(),
                        "hold: " + (err instanceof java.util.concurrent.TimeoutException
                                ? "decision timed out after " + decideTimeoutMillis + " ms" : "decision failed: " + err.getMessage()),
                        decider.kind(), tick.observedAtNanos())))
                .onComplete(ar -> {
                    busy = false;
                    Proposal p = ar.result();
                    if (!stopping) {
                        vertx.eventBus().send(Addresses.PORTFOLIO_PROPOSAL, p);
                        if (p.isHold() && p.reason().startsWith("hold: ")) {
                            log.debug("strategy {}: {}", decider.name(), p.reason());
                        }
                    }
                });
    }

    /** Lets a decider (the LLM one) report degraded/ok as its dependency comes and goes. */
    void status(String state, String detail) {
        if (!(state + detail).equals(lastState)) {
            lastState = state + detail;
            vertx.eventBus().publish(Addresses.STATUS, AgentStatus.of("strategy:" + decider.name(), node, state, detail));
        }
    }

    public long skippedBlocks() {
        return skipped;
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }
}
