package io.consilium.agents.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.agents.bus.Addresses;
import io.consilium.agents.journal.EventJournal;
import io.consilium.agents.portfolio.Book;
import io.consilium.agents.portfolio.RiskLimits;
import io.consilium.agents.strategy.RuleDecider;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon end to end on fakes: agents trade, everything is journaled, /status and /metrics answer, a restart replays. */
class DaemonTest {
    @TempDir
    Path dir;

    private DaemonConfig config() {
        return new DaemonConfig("paper", new DaemonConfig.Chain(null, List.of("http://127.0.0.1:1"), 31337L, 20L,
                List.of("V2:WETH/USDC"), "book.json"), new DaemonConfig.Wallet(null, "k", null, null), "p",
                List.of(new DaemonConfig.StrategyRef("a.yaml", Map.of("USDC", "1000"))),
                new DaemonConfig.Portfolio("USDC", 1e9, 100, 0.5, 200L), null, dir.resolve("journal").toString(),
                new DaemonConfig.Http(0, "127.0.0.1"), null);
    }

    private static Wiring wiring(Fakes.Feed feed, Fakes.Executor exec) {
        return (cfg, opts, journal) -> {
            Book book = new Book("USDC", 1e9, Map.of("flip", new RiskLimits(
                    Map.of("USDC", BigInteger.valueOf(1_000_000_000L), "WETH", new BigInteger("1000000000000000000")),
                    1e9, 0.9, 100)));
            return new Components(feed, List.of(new RuleDecider("flip", (t, v) -> Fakes.flipFlop(t, "flip"))), book,
                    Fakes.ACCOUNT, Fakes.ACCOUNT + " (test)", exec, null, Map.of(), List.of());
        };
    }

    @Test
    void tradesJournalsServesStatusAndRecovers() throws Exception {
        Fakes.Feed feed = new Fakes.Feed();
        Fakes.Executor exec = new Fakes.Executor(feed);
        DaemonOptions opts = DaemonOptions.local(dir.resolve("daemon.yaml"));
        long journaled;
        try (Daemon d = Daemon.start(config(), opts, wiring(feed, exec), null)) {
            long deadline = System.currentTimeMillis() + 20_000;
            while (exec.executed.size() < 6 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(exec.executed.size() >= 6, "orders executed: " + exec.executed.size());
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + d.httpPort();
            String status = http.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(status.contains("\"decisions\"") && status.contains("flip"), status);
            String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("consilium_blocks_total"), metrics);
            String health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(health.contains("\"status\":\"ok\""), health);
            journaled = d.journal().count();
        }
        int executedBefore = exec.executed.size();
        // Restart on the same journal: the replay knows every order id, so none runs again.
        try (Daemon d = Daemon.start(config(), opts, wiring(feed, exec), null)) {
            List<EventJournal.Entry> all = d.journal().readAll();
            assertTrue(all.size() >= journaled, "journal kept every record");
            long orders = all.stream().filter(e -> e.type().equals("bus." + Addresses.EXECUTOR_ORDER)).count();
            long ids = all.stream().filter(e -> e.type().equals("bus." + Addresses.EXECUTOR_ORDER))
                    .map(EventJournal.Entry::json).distinct().count();
            assertEquals(orders, ids);
            Thread.sleep(500);
        }
        List<String> ids = exec.executed.stream().map(o -> o.id()).toList();
        assertEquals(ids.size(), ids.stream().distinct().count(), "no order executed twice: " + ids);
        assertTrue(exec.executed.size() >= executedBefore);
    }
}
