package io.consilium.sandbox.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    record Sample(String name, int n) {}

    @TempDir
    Path dir;

    @Test
    void appendsAndReadsBackByIndexInOrder() {
        try (Journal j = Journal.open(dir)) {
            long a = j.append("test.sample", new Sample("a", 1));
            long b = j.append("test.map", Map.of("k", "v"));
            assertTrue(b > a);
            JournalEntry ea = j.read(a).orElseThrow();
            assertEquals("test.sample", ea.type());
            assertEquals(new Sample("a", 1), ea.payloadAs(Sample.class));
            assertEquals("v", j.read(b).orElseThrow().payload().get("k").asText());
            assertEquals(List.of(a, b), j.readFrom(0, 10).stream().map(JournalEntry::index).toList());
            assertEquals(List.of(b), j.readFrom(b, 10).stream().map(JournalEntry::index).toList());
        }
    }

    @Test
    void tailReturnsLastRecordsOldestFirstAndSurvivesReopen() {
        try (Journal j = Journal.open(dir)) {
            for (int i = 0; i < 10; i++) {
                j.append("n", new Sample("x", i));
            }
        }
        try (Journal j = Journal.openExisting(dir)) {
            List<JournalEntry> last = j.tail(3);
            assertEquals(List.of(7, 8, 9), last.stream().map(e -> e.payload().get("n").asInt()).toList());
            assertEquals(10, j.readSince(Instant.now().minusSeconds(60), 100).size());
            assertEquals(0, j.readSince(Instant.now().plusSeconds(60), 100).size());
        }
    }

    @Test
    void readSinceReturnsExactlyTheRecordsStampedFromThatInstantOn() throws Exception {
        try (Journal j = Journal.open(dir)) {
            for (int i = 0; i < 5; i++) {
                j.append("old", new Sample("old", i));
            }
            long lastOld = j.tail(1).getFirst().timeMillis();
            Instant cut = Instant.ofEpochMilli(lastOld + 1);
            while (System.currentTimeMillis() <= cut.toEpochMilli()) {
                Thread.sleep(1); // the next stamps are strictly after the cut
            }
            for (int i = 0; i < 3; i++) {
                j.append("new", new Sample("new", i));
            }
            List<JournalEntry> since = j.readSince(cut, 100);
            assertEquals(List.of(0, 1, 2), since.stream().map(e -> e.payload().get("n").asInt()).toList());
            assertTrue(since.stream().allMatch(e -> e.type().equals("new")));
            assertEquals(2, j.readSince(cut, 2).size(), "max is honoured");
        }
    }

    @Test
    void concurrentAppendersLoseNothing() throws Exception {
        try (Journal j = Journal.open(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                int tt = t;
                pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        j.append("c", new Sample("t" + tt, i));
                    }
                });
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
            assertEquals(1000, j.readFrom(0, 5000).size());
        }
    }

    @Test
    void followDeliversNewRecords() throws Exception {
        try (Journal j = Journal.open(dir)) {
            j.append("old", new Sample("o", 0));
            List<JournalEntry> seen = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread follower = Thread.ofPlatform().start(() -> j.follow(0, e -> {
                synchronized (seen) {
                    seen.add(e);
                    if (seen.size() == 3) {
                        stop.set(true);
                    }
                }
            }, stop::get));
            j.append("new", new Sample("n", 1));
            j.append("new", new Sample("n", 2));
            follower.join(10_000);
            assertEquals(List.of("old", "new", "new"), seen.stream().map(JournalEntry::type).toList());
        }
    }
}
