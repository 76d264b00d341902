package io.consilium.sandbox.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One record read back from the journal: its queue index (the ID that {@code audit show} takes),
 * the wall-clock time it was appended, its type (e.g. {@code sandbox.verdict}, {@code bus.executor.order})
 * and the record as JSON.
 */
public record JournalEntry(long index, long timeMillis, String type, JsonNode payload) {
    public Instant time() {
        return Instant.ofEpochMilli(timeMillis);
    }

    /** Binds the payload to a record type (the same Jackson mapper the journal wrote it with). */
    public <T> T payloadAs(Class<T> type) {
        return Journal.MAPPER.convertValue(payload, type);
    }
}
