package io.consilium.agents.market;

import io.consilium.agents.bus.Addresses;
import io.consilium.agents.messages.AgentStatus;
import io.consilium.agents.messages.BusMessage;
import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.ReorgEvent;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one snapshot per block. Polls the feed on its own worker thread (RPC calls block) and
 * never overlaps two polls; an RPC fault marks the agent degraded and polling simply continues, so
 * the daemon rides out a node restart.
 */
public final class MarketDataAgent extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(MarketDataAgent.class);

    private final MarketFeed feed;
    private final long pollMillis;
    private final String node;
    private final AtomicBoolean polling = new AtomicBoolean();
    private WorkerExecutor worker;
    private long timer = -1;
    private volatile boolean stopping;
    private String lastState = "";
    private int failures;

    public MarketDataAgent(MarketFeed feed, long pollMillis, String node) {
        this.feed = feed;
        this.pollMillis = pollMillis;
        this.node = node;
    }

    @Override
    public Future<?> start() {
        worker = vertx.createSharedWorkerExecutor("consilium-market", 1);
        timer = vertx.setPeriodic(0, pollMillis, id -> tick());
        status("ok", "watching " + feed.describe());
        return Future.succeededFuture();
    }

    private void tick() {
        if (stopping || !polling.compareAndSet(false, true)) {
            return;
        }
        worker.executeBlocking(feed::poll, true).onComplete(ar -> {
            polling.set(false);
            if (stopping) {
                return;
            }
            if (ar.failed()) {
                failures++;
                if (failures == 1 || failures % 20 == 0) {
                    log.warn("market: poll failed ({} in a row): {}", failures, ar.cause().getMessage());
                }
                status("degraded", "chain unreachable: " + ar.cause().getMessage());
                return;
            }
            if (failures > 0) {
                log.info("market: chain reachable again after {} failed polls", failures);
                failures = 0;
            }
            publish(ar.result());
        });
    }

    private void publish(List<BusMessage> messages) {
        for (BusMessage m : messages) {
            if (m instanceof ReorgEvent r) {
                log.warn("market: reorg at block {} depth {}", r.forkBlock(), r.depth());
                vertx.eventBus().publish(Addresses.MARKET_REORG, r);
            } else if (m instanceof MarketTick t) {
                vertx.eventBus().publish(Addresses.MARKET_SNAPSHOT, t);
                status("ok", "block " + t.block());
            }
        }
    }

    private void status(String state, String detail) {
        // Only state changes go on the bus; the block number is in every tick anyway.
        String key = state + (state.equals("ok") ? "" : detail);
        if (!key.equals(lastState)) {
            lastState = key;
            vertx.eventBus().publish(Addresses.STATUS, AgentStatus.of("market", node, state, detail));
        }
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(timer);
        if (worker != null) {
            worker.close();
        }
        feed.close();
        return Future.succeededFuture();
    }
}
