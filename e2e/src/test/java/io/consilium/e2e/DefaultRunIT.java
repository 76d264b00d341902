package io.consilium.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.agents.bus.Addresses;
import io.consilium.agents.bus.BusCodecs;
import io.consilium.agents.daemon.Daemon;
import io.consilium.agents.daemon.DaemonConfig;
import io.consilium.agents.daemon.DaemonConfigLoader;
import io.consilium.agents.daemon.DaemonOptions;
import io.consilium.agents.daemon.ModuleWiring;
import io.consilium.agents.journal.EventJournal;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.MarketTick;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default on the real testbed (anvil + Uniswap + noise traders, live mode through the sandbox
 * pipeline): it trades, and the account's balance changes on chain equal the sum of the fills it booked.
 */
class DefaultRunIT {
    @TempDir
    Path tmp;

    @Test
    void defaultRunTradesAndItsFillsMatchTheChain() throws Exception {
        Path file = Path.of(System.getProperty("consilium.home"), "config", "daemon.yaml");
        DaemonConfig c = DaemonConfigLoader.load(file);
        DaemonConfig cfg = new DaemonConfig(c.mode(), c.chain(), c.wallet(), c.policy(), c.strategies(), c.portfolio(),
                c.llm(), tmp.resolve("journal").toString(), c.http(), c.console());
        DaemonOptions opts = new DaemonOptions(file, null, null, false, "127.0.0.1", DaemonOptions.Role.ALL, false, 0);
        List<EventJournal.Entry> entries;
        Path journalDir;
        try (Daemon d = Daemon.start(cfg, opts, new ModuleWiring(), null)) {
            long deadline = System.currentTimeMillis() + 150_000;
            while (System.currentTimeMillis() < deadline && fills(d.journal().readAll()) < 3) {
                Thread.sleep(500);
            }
            // The JDK client asks for an h2c upgrade by default; the daemon must answer in HTTP/1.1 (after an
            // accepted upgrade Vert.x never sent a /status body above the 64 KiB HTTP/2 window)
            HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + d.httpPort() + "/status")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, resp.statusCode());
            assertEquals(HttpClient.Version.HTTP_1_1, resp.version(), "the daemon declines the h2c upgrade");
            String status = resp.body();
            assertTrue(status.contains("DEV-ONLY"), "the dev wallet is labelled DEV-ONLY: " + status);
            journalDir = d.journalDir();
        }
        // Re-open the journal after the daemon flushed and closed it.
        try (var j = new io.consilium.agents.journal.ChronicleEventJournal(journalDir)) {
            entries = j.readAll();
        }
        assertTrue(fills(entries) >= 3, "the default run filled at least 3 orders");
        ObjectMapper json = BusCodecs.json();
        List<MarketTick> ticks = new ArrayList<>();
        List<ExecutionResult> results = new ArrayList<>();
        for (EventJournal.Entry e : entries) {
            if (e.type().equals("bus." + Addresses.MARKET_SNAPSHOT)) {
                ticks.add(json.readValue(e.json(), MarketTick.class));
            } else if (e.type().equals("bus." + Addresses.EXECUTOR_RESULT)) {
                results.add(json.readValue(e.json(), ExecutionResult.class));
            }
        }
        MarketTick first = ticks.getFirst();
        MarketTick last = ticks.getLast();
        Map<String, BigInteger> booked = new HashMap<>();
        for (ExecutionResult r : results) {
            if (r.status() == ExecutionResult.Status.FILLED && r.block() > first.block() && r.block() <= last.block()) {
                r.deltas().forEach((k, v) -> booked.merge(k, v, BigInteger::add));
            }
        }
        assertTrue(!booked.isEmpty(), "fills between the first and last snapshot");
        for (String sym : List.of("WETH", "USDC")) {
            BigInteger onChain = last.balances().get(sym).subtract(first.balances().get(sym));
            assertEquals(onChain, booked.getOrDefault(sym, BigInteger.ZERO),
                    sym + ": chain balance change equals the booked fills between blocks " + first.block() + " and " + last.block());
        }
        List<String> hashes = results.stream().filter(r -> r.status() == ExecutionResult.Status.FILLED)
                .map(ExecutionResult::txHash).toList();
        assertEquals(hashes.size(), hashes.stream().distinct().count(), "no transaction booked twice");
    }

    private static long fills(List<EventJournal.Entry> entries) {
        return entries.stream().filter(e -> e.type().equals("bus." + Addresses.EXECUTOR_RESULT)
                && e.json().contains("\"FILLED\"")).count();
    }
}
