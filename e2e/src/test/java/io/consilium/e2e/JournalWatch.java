package io.consilium.e2e;

import io.consilium.sandbox.journal.Journal;
import io.consilium.sandbox.journal.JournalEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads a daemon's Chronicle journal from the test JVM while the daemon (in this JVM or a child) writes
 * it: tests wait on the record they need instead of sleeping.
 */
final class JournalWatch {
    private JournalWatch() {
    }

    /** Every record so far. */
    static List<JournalEntry> read(Path dir) {
        try (Journal j = Journal.open(dir)) {
            return j.readFrom(0, Integer.MAX_VALUE);
        }
    }

    /**
     * Waits for the {@code nth} record (1-based) matching {@code match} that is appended from now on; empty on
     * timeout. Returns as soon as it is read (the tailer polls every 20 ms).
     */
    static Optional<JournalEntry> awaitNew(Path dir, Predicate<JournalEntry> match, int nth, Duration timeout) {
        return await(dir, -1, match, nth, timeout);
    }

    /** Like {@link #awaitNew} but counts matching records from the start of the journal. */
    static Optional<JournalEntry> awaitAny(Path dir, Predicate<JournalEntry> match, int nth, Duration timeout) {
        return await(dir, 0, match, nth, timeout);
    }

    private static Optional<JournalEntry> await(Path dir, long from, Predicate<JournalEntry> match, int nth,
                                                Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        JournalEntry[] hit = new JournalEntry[1];
        int[] seen = {0};
        try (Journal j = Journal.open(dir)) {
            j.follow(from, e -> {
                if (hit[0] == null && match.test(e) && ++seen[0] >= nth) {
                    hit[0] = e;
                }
            }, () -> hit[0] != null || System.nanoTime() > end);
        }
        return Optional.ofNullable(hit[0]);
    }

    static Predicate<JournalEntry> type(String type) {
        return e -> e.type().equals(type);
    }

    static Predicate<JournalEntry> filled() {
        return e -> e.type().equals("bus.executor.result") && "FILLED".equals(e.payload().path("status").asText());
    }
}
