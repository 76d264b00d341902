package io.consilium.sandbox.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.consilium.sandbox.SandboxUserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A generic, append-only journal over Chronicle Queue: every record is a (type, JSON) pair with the
 * time it was appended. The sandbox writes requests, simulations, verdicts, sends and receipts to it;
 * the agents write every bus message through it.
 *
 * <p>Durability: {@link #append} returns once the record is in the memory-mapped queue file, which the
 * OS keeps even if this process is killed ({@code kill -9}); with {@code syncEachAppend} it is also
 * forced to disk (msync), for power loss. Readers may run in other threads or processes at once.
 */
public final class Journal implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final String K_TYPE = "type";
    private static final String K_TIME = "time";
    private static final String K_JSON = "json";

    private final Path dir;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final boolean syncEachAppend;

    private Journal(Path dir, boolean syncEachAppend) {
        this.dir = dir;
        this.syncEachAppend = syncEachAppend;
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new SandboxUserError("cannot create journal directory " + dir + ": " + e.getMessage()
                    + " (choose a writable --journal DIR)", e);
        }
        this.queue = SingleChronicleQueueBuilder.single(dir.toFile()).build();
        this.appender = queue.createAppender();
        // One appender shared by all threads of this JVM; append() serialises access to it.
        this.appender.singleThreadedCheckDisabled(true);
    }

    /** Opens (creating if needed) the journal in {@code dir}. */
    public static Journal open(Path dir) {
        return new Journal(dir, false);
    }

    /** Like {@link #open} but each append is forced to the storage device before it returns. */
    public static Journal openSynced(Path dir) {
        return new Journal(dir, true);
    }

    /** Opens an existing journal for reading; a clear user error when there is none. */
    public static Journal openExisting(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new SandboxUserError("no journal at " + dir + " (pass --journal DIR pointing at a journal directory)");
        }
        return open(dir);
    }

    public Path dir() {
        return dir;
    }

    /**
     * Appends one record, serialised as JSON by Jackson; returns its index. Once this returns the record
     * is acknowledged: it survives the death of this process.
     */
    public long append(String type, Object record) {
        String json;
        try {
            json = MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + type + " record as JSON", e);
        }
        long now = System.currentTimeMillis();
        synchronized (appender) {
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().write(K_TYPE).text(type).write(K_TIME).int64(now).write(K_JSON).text(json);
            }
            if (syncEachAppend) {
                appender.sync();
            }
            return appender.lastIndexAppended();
        }
    }

    /** The record at this index, if there is one. */
    public Optional<JournalEntry> read(long index) {
        try (ExcerptTailer t = queue.createTailer()) {
            if (!t.moveToIndex(index)) {
                return Optional.empty();
            }
            return Optional.ofNullable(next(t));
        }
    }

    /** Up to {@code max} records from {@code fromIndex} on (0 or less: from the start). */
    public List<JournalEntry> readFrom(long fromIndex, int max) {
        List<JournalEntry> out = new ArrayList<>();
        try (ExcerptTailer t = queue.createTailer()) {
            if (fromIndex > 0 && !t.moveToIndex(fromIndex)) {
                t.toStart();
                skipBefore(t, fromIndex);
            }
            JournalEntry e;
            while (out.size() < max && (e = next(t)) != null) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * All records appended at or after {@code since}. Starts at the roll cycle that holds {@code since} (a record
     * stamped later was appended in that cycle or a later one) and parses only the records it returns, so a
     * restart reading the last day does not walk weeks of history.
     */
    public List<JournalEntry> readSince(Instant since, int max) {
        long from = since.toEpochMilli();
        List<JournalEntry> out = new ArrayList<>();
        try (ExcerptTailer t = queue.createTailer()) {
            int cycle = (int) Math.floorDiv(from - queue.epoch(), (long) queue.rollCycle().lengthInMillis());
            if (cycle > queue.firstCycle() && !t.moveToCycle(cycle)) {
                t.toStart(); // no file for that cycle: the time filter below still holds
            }
            JournalEntry e;
            while (out.size() < max && (e = next(t, from)) != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** The last {@code n} records, oldest first. */
    public List<JournalEntry> tail(int n) {
        List<JournalEntry> out = new ArrayList<>();
        try (ExcerptTailer t = queue.createTailer()) {
            t.direction(TailerDirection.BACKWARD).toEnd();
            JournalEntry e;
            while (out.size() < n && (e = next(t)) != null) {
                out.addFirst(e);
            }
        }
        return out;
    }

    /**
     * Delivers every record from {@code fromIndex} (0: the start; -1: only new ones) to {@code sink},
     * polling for new ones until {@code stop} says so. Runs on the calling thread.
     */
    public void follow(long fromIndex, Consumer<JournalEntry> sink, BooleanSupplier stop) {
        try (ExcerptTailer t = queue.createTailer()) {
            if (fromIndex < 0) {
                t.toEnd();
            } else if (fromIndex > 0 && !t.moveToIndex(fromIndex)) {
                skipBefore(t, fromIndex);
            }
            while (!stop.getAsBoolean()) {
                JournalEntry e = next(t);
                if (e != null) {
                    sink.accept(e);
                } else {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    public long lastIndex() {
        return queue.lastIndex();
    }

    private static void skipBefore(ExcerptTailer t, long fromIndex) {
        // moveToIndex fails for an index past the end or in a missing cycle: start from the first later one.
        t.toStart();
        while (true) {
            try (DocumentContext dc = t.readingDocument()) {
                if (!dc.isPresent()) {
                    return;
                }
                if (dc.index() >= fromIndex) {
                    dc.rollbackOnClose();
                    return;
                }
            }
        }
    }

    private static JournalEntry next(ExcerptTailer t) {
        return next(t, Long.MIN_VALUE);
    }

    /** The next record at or after {@code minTime}, skipping older ones unparsed; null at the end. */
    private static JournalEntry next(ExcerptTailer t, long minTime) {
        while (true) {
            try (DocumentContext dc = t.readingDocument()) {
                if (!dc.isPresent()) {
                    return null;
                }
                long index = dc.index();
                String type = dc.wire().read(K_TYPE).text();
                long time = dc.wire().read(K_TIME).int64();
                if (time < minTime) {
                    continue;
                }
                String json = dc.wire().read(K_JSON).text();
                JsonNode node;
                try {
                    node = MAPPER.readTree(json);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("journal record " + index + " is not valid JSON", e);
                }
                return new JournalEntry(index, time, type, node);
            }
        }
    }

    @Override
    public void close() {
        synchronized (appender) {
            appender.close();
        }
        queue.close();
    }
}
