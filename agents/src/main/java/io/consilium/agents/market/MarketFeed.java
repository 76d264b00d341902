package io.consilium.agents.market;

import io.consilium.agents.messages.BusMessage;
import java.util.List;

/**
 * Where market data comes from: the chain (live) or a recording. {@link #poll()} blocks on I/O and is
 * called on a worker thread; it returns, in order, a {@code MarketTick} for every block not seen yet
 * (at most a few, the newest last) and a {@code ReorgEvent} before the ticks of a replaced branch.
 */
public interface MarketFeed extends AutoCloseable {
    List<BusMessage> poll() throws Exception;

    /** A one-line description for the status page (RPC URL, pool count). */
    String describe();

    @Override
    default void close() {
    }
}
