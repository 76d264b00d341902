package io.consilium.sandbox.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a writing JVM must not lose a record whose append() had returned. */
class JournalCrashTest {
    @TempDir
    Path dir;

    /** Child process: appends numbered records as fast as it can and prints "ack INDEX SEQ" after each. */
    public static void main(String[] args) {
        Journal j = Journal.open(Path.of(args[0]));
        for (long seq = 0; ; seq++) {
            long index = j.append("crash.seq", Map.of("seq", seq, "pad", "x".repeat(200)));
            System.out.println("ack " + index + " " + seq);
            System.out.flush();
        }
    }

    @Test
    void acknowledgedRecordsSurviveDestroyForcibly() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")).toList());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(JournalCrashTest.class.getName());
        cmd.add(dir.toString());
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long lastAckIndex = -1;
        long lastAckSeq = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("ack ")) {
                    continue;
                }
                String[] p = line.split(" ");
                lastAckIndex = Long.parseLong(p[1]);
                lastAckSeq = Long.parseLong(p[2]);
                if (lastAckSeq >= 2000) {
                    break; // kill while it is still writing at full speed
                }
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(lastAckSeq >= 2000, "child never got going; last ack " + lastAckSeq);

        try (Journal j = Journal.open(dir)) {
            List<JournalEntry> all = j.readFrom(0, 1_000_000);
            assertTrue(all.size() >= lastAckSeq + 1, "lost acknowledged records: read " + all.size()
                    + ", acknowledged " + (lastAckSeq + 1));
            for (int i = 0; i < all.size(); i++) {
                assertEquals(i, all.get(i).payload().get("seq").asLong(), "sequence gap at " + i);
            }
            assertEquals(lastAckSeq, j.read(lastAckIndex).orElseThrow().payload().get("seq").asLong());
            // and the journal is still appendable after the crash
            long next = j.append("after.crash", Map.of("ok", true));
            assertEquals("after.crash", j.read(next).orElseThrow().type());
        }
    }
}
