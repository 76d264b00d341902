package io.consilium.agents.journal;

import java.util.List;

/**
 * The daemon's append-only record of every bus message and decision; the source of truth for
 * recovery. {@link #append} returns once the record is durable against a process crash.
 */
public interface EventJournal extends AutoCloseable {
    /** One stored record: its position, type (the bus address or a decision kind) and JSON body. */
    record Entry(long index, long atMillis, String type, String json) {
    }

    void append(String type, Object record);

    /** Every record from the start, in order (recovery replays these). */
    List<Entry> readAll();

    long count();

    @Override
    void close();
}
