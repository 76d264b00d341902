package io.consilium.chain.rpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the chain head by HTTP polling and detects reorgs by hash linkage: it remembers the last
 * {@code history} canonical headers, and when the node's chain no longer contains one of them it walks
 * back to the common ancestor and reports a {@link BlockEvent.Reorg} with its depth before the new blocks.
 * Drive it with {@link #poll()} or let {@link #start} poll on a daemon thread.
 */
public final class BlockWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlockWatcher.class);

    private final ChainClient client;
    private final Consumer<BlockEvent> listener;
    private final int history;
    private final TreeMap<Long, BlockHeader> known = new TreeMap<>();
    private ScheduledExecutorService timer;
    private HeadSubscription heads;

    public BlockWatcher(ChainClient client, int history, Consumer<BlockEvent> listener) {
        this.client = client;
        this.history = Math.max(2, history);
        this.listener = listener;
    }

    /** Polls every {@code interval} on a daemon thread; listener exceptions are logged, not fatal. */
    public static BlockWatcher start(ChainClient client, Duration interval, Consumer<BlockEvent> listener) {
        BlockWatcher w = new BlockWatcher(client, 128, listener);
        w.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "block-watcher");
            t.setDaemon(true);
            return t;
        });
        w.timer.scheduleWithFixedDelay(() -> {
            try {
                w.poll();
            } catch (RuntimeException e) {
                LOG.warn("block poll failed: {}", e.toString());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return w;
    }

    /**
     * Polls whenever the node pushes a new head over WebSocket, and every {@code fallback} in case the
     * socket goes quiet. Linkage and reorg checks still use {@code client}'s HTTP endpoint.
     */
    public static BlockWatcher startWebSocket(ChainClient client, String wsUrl, Duration fallback, Consumer<BlockEvent> listener) {
        BlockWatcher w = start(client, fallback, listener);
        w.heads = HeadSubscription.open(wsUrl, h -> w.timer.execute(() -> {
            try {
                w.poll();
            } catch (RuntimeException e) {
                LOG.warn("block poll after a pushed head failed: {}", e.toString());
            }
        }));
        return w;
    }

    /** Checks the head once and reports what changed, in order. */
    public synchronized List<BlockEvent> poll() {
        List<BlockEvent> events = new ArrayList<>();
        BlockHeader head = client.header(ChainClient.LATEST).orElseThrow();
        if (known.isEmpty()) {
            remember(head);
            events.add(new BlockEvent.NewBlock(head));
            deliver(events);
            return events;
        }
        BlockHeader top = known.lastEntry().getValue();
        if (top.hash().equals(head.hash())) {
            return events;
        }
        long n = Math.min(head.number(), top.number());
        while (n >= known.firstKey()) {
            BlockHeader canonical = n == head.number() ? head : client.header(n).orElse(null);
            if (canonical != null && canonical.hash().equals(known.get(n).hash())) {
                break;
            }
            n--;
        }
        long ancestor = n;
        if (ancestor < top.number()) {
            events.add(new BlockEvent.Reorg((int) (top.number() - ancestor), ancestor, top, head));
            known.tailMap(ancestor, false).clear();
        }
        for (long k = Math.max(ancestor + 1, head.number() - history + 1); k <= head.number(); k++) {
            BlockHeader h = k == head.number() ? head : client.header(k).orElse(null);
            if (h == null) {
                break; // the chain moved under us; the next poll sorts it out
            }
            remember(h);
            events.add(new BlockEvent.NewBlock(h));
        }
        deliver(events);
        return events;
    }

    private void remember(BlockHeader h) {
        known.put(h.number(), h);
        while (known.size() > history) {
            known.pollFirstEntry();
        }
    }

    private void deliver(List<BlockEvent> events) {
        for (BlockEvent e : events) {
            try {
                listener.accept(e);
            } catch (RuntimeException ex) {
                LOG.warn("block listener failed on {}: {}", e, ex.toString());
            }
        }
    }

    public synchronized Map<Long, BlockHeader> recent() {
        return Map.copyOf(known);
    }

    @Override
    public void close() {
        if (heads != null) {
            heads.close();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
