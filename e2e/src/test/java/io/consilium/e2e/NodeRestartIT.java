package io.consilium.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.agents.bus.Addresses;
import io.consilium.agents.bus.BusCodecs;
import io.consilium.agents.daemon.Daemon;
import io.consilium.agents.daemon.DaemonConfigLoader;
import io.consilium.agents.daemon.DaemonOptions;
import io.consilium.agents.daemon.ModuleWiring;
import io.consilium.chain.domain.Token;
import io.consilium.chain.rpc.BlockHeader;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.testbed.Testbed;
import io.consilium.chain.testbed.TestbedOptions;
import io.consilium.chain.wallet.Signer;
import io.consilium.sandbox.journal.JournalEntry;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anvil process itself is stopped under the running daemon, right after the daemon broadcast a swap
 * (its receipt still to come), and started again on the same port from the state it saved (blocks,
 * receipts, history and the pending pool, as a node keeps them across a restart). The daemon connects
 * straight to it, no proxy: it reports degraded while the port refuses connections, follows the chain
 * again without taking the restart for a reorg, settles the in-flight swap, places and fills a new order, and its booked
 * fills equal the account's balance changes on the chain with no transaction mined twice.
 */
class NodeRestartIT {
    @TempDir
    Path tmp;

    @Test
    void daemonSurvivesTheNodeProcessStoppedAndRestarted() throws Exception {
        try (Testbed tb = Testbed.start(TestbedOptions.defaults().withMarketSim(true, 5).withBlockTime(1))) {
            Signer me = tb.devSigner(1);
            KillRestartIT.wrap(tb, me, new BigInteger("10000000000000000000"));
            Token weth = tb.addressBook().token("WETH");
            Token usdc = tb.addressBook().token("USDC");
            BigInteger weth0 = KillRestartIT.balance(tb.client(), weth, me.address());
            BigInteger usdc0 = KillRestartIT.balance(tb.client(), usdc, me.address());
            Path book = tmp.resolve("book.json");
            Files.writeString(book, BusCodecs.json().writeValueAsString(tb.addressBook()));
            Path cfgFile = KillRestartIT.writeConfig(tmp, tb.rpcUrl(), book);
            int port = URI.create(tb.rpcUrl()).getPort();
            Path journalDir;
            try (Daemon d = Daemon.start(DaemonConfigLoader.load(cfgFile), DaemonOptions.local(cfgFile), new ModuleWiring(), null)) {
                journalDir = d.journalDir();
                assertTrue(JournalWatch.awaitAny(journalDir, JournalWatch.filled(), 1, Duration.ofSeconds(120)).isPresent(),
                        "a fill before the node stops");
                assertTrue(JournalWatch.awaitNew(journalDir, JournalWatch.type("sandbox.sent"), 1, Duration.ofSeconds(90)).isPresent(),
                        "a swap broadcast to stop the node under");
                long headBefore = tb.client().blockNumber();
                String hashBefore = tb.client().header(headBefore).map(BlockHeader::hash).orElseThrow();
                tb.stopNode();
                assertFalse(listening(port), "the node's port refuses connections while it is stopped");
                await(() -> d.board().degraded(), 60, "degraded while the node is down");
                tb.startNode();
                assertEquals(hashBefore, tb.client().header(headBefore).map(BlockHeader::hash).orElse(null),
                        "the node came back with its chain (block " + headBefore + " has the same hash), not a fresh one");
                long ticks = d.board().ticks();
                await(() -> d.board().ticks() > ticks + 3, 60, "blocks followed again after the restart");
                java.util.Set<String> oldOrders = orderIds(JournalWatch.read(journalDir));
                assertTrue(JournalWatch.awaitAny(journalDir, e -> JournalWatch.filled().test(e)
                        && !oldOrders.contains(e.payload().path("orderId").asText()), 1, Duration.ofSeconds(120)).isPresent(),
                        "an order placed after the restart filled");
                await(() -> !d.board().degraded(), 60, "healthy again");
            }
            List<JournalEntry> all = JournalWatch.read(journalDir);
            assertTrue(all.stream().noneMatch(e -> e.type().equals("bus." + Addresses.MARKET_REORG)),
                    "a node restart that kept its chain is not a reorg");
            Books books = Books.of(all, tb.client());
            System.out.printf("node restart: %d journal records, %d orders filled, %d txs mined%n", all.size(),
                    books.ordersFilled(), books.txsMined());
            ChainClient c = tb.client();
            assertEquals(KillRestartIT.balance(c, weth, me.address()).subtract(weth0), books.of("WETH"),
                    "WETH: chain change == booked fills");
            assertEquals(KillRestartIT.balance(c, usdc, me.address()).subtract(usdc0), books.of("USDC"),
                    "USDC: chain change == booked fills");
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static java.util.Set<String> orderIds(List<JournalEntry> entries) {
        return entries.stream().filter(JournalWatch.type("bus." + Addresses.EXECUTOR_ORDER))
                .map(e -> e.payload().path("id").asText()).collect(java.util.stream.Collectors.toSet());
    }

    static long fills(Path journalDir) {
        return JournalWatch.read(journalDir).stream().filter(JournalWatch.filled()).count();
    }

    static void await(BooleanSupplier ok, int seconds, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (!ok.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError(what + ": not within " + seconds + " s");
            }
            Thread.sleep(200);
        }
    }
}
