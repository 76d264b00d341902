package io.consilium.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.agents.bus.Addresses;
import io.consilium.agents.bus.BusCodecs;
import io.consilium.agents.daemon.Daemon;
import io.consilium.agents.daemon.DaemonConfigLoader;
import io.consilium.agents.daemon.DaemonOptions;
import io.consilium.agents.daemon.ModuleWiring;
import io.consilium.agents.journal.EventJournal;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.MarketTick;
import io.consilium.chain.domain.Token;
import io.consilium.chain.testbed.Testbed;
import io.consilium.chain.testbed.TestbedOptions;
import io.consilium.chain.wallet.Signer;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node goes away mid-run (the RPC endpoint refuses connections for a while, the chain keeps its
 * state) and comes back: the daemon reports degraded, keeps running, follows the chain again, trades
 * again, and its booked fills still equal the account's balance changes on the chain.
 */
class RpcOutageIT {
    @TempDir
    Path tmp;

    @Test
    void daemonSurvivesTheNodeGoingAwayAndComingBack() throws Exception {
        try (Testbed tb = Testbed.start(TestbedOptions.defaults().withMarketSim(true, 5).withBlockTime(1))) {
            Signer me = tb.devSigner(1);
            KillRestartIT.wrap(tb, me, new BigInteger("10000000000000000000"));
            Token weth = tb.addressBook().token("WETH");
            Token usdc = tb.addressBook().token("USDC");
            BigInteger weth0 = KillRestartIT.balance(tb.client(), weth, me.address());
            BigInteger usdc0 = KillRestartIT.balance(tb.client(), usdc, me.address());
            try (TcpProxy proxy = new TcpProxy(URI.create(tb.rpcUrl()).getPort())) {
                Path book = tmp.resolve("book.json");
                Files.writeString(book, BusCodecs.json().writeValueAsString(tb.addressBook()));
                Path cfgFile = KillRestartIT.writeConfig(tmp, "http://127.0.0.1:" + proxy.port(), book);
                var cfg = DaemonConfigLoader.load(cfgFile);
                List<EventJournal.Entry> entries;
                Path journalDir;
                try (Daemon d = Daemon.start(cfg, DaemonOptions.local(cfgFile), new ModuleWiring(), null)) {
                    await(() -> fills(d) >= 1, 90, "a fill before the outage");
                    long ticksBefore = d.board().ticks();
                    proxy.down();
                    await(() -> d.board().degraded(), 30, "degraded while the node is unreachable");
                    Thread.sleep(8_000);
                    long fillsDuring = fills(d);
                    proxy.up();
                    await(() -> d.board().ticks() > ticksBefore + 5, 60, "blocks followed again after the outage");
                    await(() -> fills(d) > fillsDuring, 120, "a fill after the outage");
                    await(() -> !d.board().degraded(), 30, "healthy again");
                    journalDir = d.journalDir();
                }
                // read after the stop: an order in flight at the stop finishes (and is journaled) during close
                try (var j = new io.consilium.agents.journal.ChronicleEventJournal(journalDir)) {
                    entries = j.readAll();
                }
                Map<String, BigInteger> booked = new HashMap<>();
                Map<String, String> byOrder = new HashMap<>();
                for (EventJournal.Entry e : entries) {
                    if (e.type().equals("bus." + Addresses.EXECUTOR_RESULT)) {
                        ExecutionResult r = BusCodecs.json().readValue(e.json(), ExecutionResult.class);
                        if (r.status() == ExecutionResult.Status.FILLED && byOrder.putIfAbsent(r.orderId(), r.txHash()) == null) {
                            r.deltas().forEach((k, v) -> booked.merge(k, v, BigInteger::add));
                        }
                    }
                }
                assertEquals(KillRestartIT.balance(tb.client(), weth, me.address()).subtract(weth0),
                        booked.getOrDefault("WETH", BigInteger.ZERO), "WETH: chain change == booked fills");
                assertEquals(KillRestartIT.balance(tb.client(), usdc, me.address()).subtract(usdc0),
                        booked.getOrDefault("USDC", BigInteger.ZERO), "USDC: chain change == booked fills");
                assertTrue(entries.stream().anyMatch(e -> e.type().equals("bus." + Addresses.MARKET_SNAPSHOT)));
            }
        }
    }

    private static long fills(Daemon d) {
        return d.journal().readAll().stream().filter(e -> e.type().equals("bus." + Addresses.EXECUTOR_RESULT)
                && e.json().contains("\"FILLED\"")).count();
    }

    private static void await(java.util.function.BooleanSupplier ok, int seconds, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (!ok.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError(what + ": not within " + seconds + " s");
            }
            Thread.sleep(250);
        }
    }
}
