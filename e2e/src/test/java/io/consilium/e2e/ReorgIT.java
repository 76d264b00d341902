package io.consilium.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.agents.bus.Addresses;
import io.consilium.agents.bus.BusCodecs;
import io.consilium.agents.daemon.Daemon;
import io.consilium.agents.daemon.DaemonConfigLoader;
import io.consilium.agents.daemon.DaemonOptions;
import io.consilium.agents.daemon.ModuleWiring;
import io.consilium.chain.domain.Token;
import io.consilium.chain.rpc.BlockHeader;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.rpc.Hex;
import io.consilium.chain.testbed.MarketSim;
import io.consilium.chain.testbed.Testbed;
import io.consilium.chain.testbed.TestbedOptions;
import io.consilium.chain.wallet.Signer;
import io.consilium.sandbox.journal.JournalEntry;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain reorganises under the running daemon, the way anvil can make it: a snapshot at block B,
 * three blocks the daemon sees, a revert to B, and a different fork of four blocks (an unrelated transfer
 * first, then the reverted blocks' transactions again, as a node returns a dropped branch's
 * transactions to its pool). The daemon reports the reorg once, from B+1 with depth 3, follows the new
 * fork (every snapshot after the report carries the new canonical hash), trades on, and its booked
 * fills equal the account's balance changes on the chain.
 */
class ReorgIT {
    private static final int OTHER_ACCOUNT = 6; // neither the daemon's (1), the deployer's (0) nor the noise traders' (7-9)

    @TempDir
    Path tmp;

    @Test
    void daemonReportsAReorgFollowsTheNewForkAndItsBooksEqualTheChain() throws Exception {
        try (Testbed tb = Testbed.start(TestbedOptions.defaults().withBlockTime(1));
             SimDriver sim = new SimDriver(MarketSim.manual(tb, 5))) {
            ChainClient c = tb.client();
            Trader t = Trader.start(tb, tmp);
            Path cfgFile = t.cfgFile();
            Path journalDir;
            long base;
            List<String> oldHashes = new ArrayList<>();
            sim.start();
            try (Daemon d = Daemon.start(DaemonConfigLoader.load(cfgFile), DaemonOptions.local(cfgFile), new ModuleWiring(), null)) {
                journalDir = d.journalDir();
                assertTrue(JournalWatch.awaitAny(journalDir, JournalWatch.filled(), 1, Duration.ofSeconds(120)).isPresent(),
                        "a fill before the reorg");

                sim.pause();
                c.rpc("evm_setIntervalMining", 0);
                c.rpc("evm_setAutomine", false);
                String snapshot = c.rpc("evm_snapshot").asText();
                base = c.blockNumber();
                tb.mine(3);
                long top = base + 3;
                assertTrue(JournalWatch.awaitAny(journalDir, e -> isTick(e) && e.payload().path("block").asLong() == top, 1,
                        Duration.ofSeconds(60)).isPresent(), "the daemon saw block " + top + " before the reorg");
                List<String> raws = new ArrayList<>();
                for (long b = base + 1; b <= top; b++) {
                    JsonNode blk = c.rpc("eth_getBlockByNumber", Hex.quantity(b), false);
                    oldHashes.add(blk.path("hash").asText());
                    for (JsonNode h : blk.path("transactions")) {
                        raws.add(c.rpc("eth_getRawTransactionByHash", h.asText()).asText());
                    }
                }
                assertTrue(c.rpc("evm_revert", snapshot).asBoolean(), "evm_revert");
                String other = tb.accounts().get(OTHER_ACCOUNT).hex();
                c.rpc("eth_sendTransaction", Map.of("from", other, "to", other, "value", "0x1"));
                for (String raw : raws) {
                    try {
                        c.rpc("eth_sendRawTransaction", raw);
                    } catch (RuntimeException e) {
                        // the pool may still hold it: the branch's transactions come back either way
                    }
                }
                tb.mine(4);
                c.rpc("evm_setIntervalMining", 1);
                sim.resume();
                assertNotEquals(oldHashes.getFirst(), hash(c, base + 1), "the new fork differs from block " + (base + 1));

                JournalEntry reorg = JournalWatch.awaitAny(journalDir, JournalWatch.type("bus." + Addresses.MARKET_REORG), 1,
                        Duration.ofSeconds(60)).orElseThrow(() -> new AssertionError("the daemon reported no reorg"));
                assertEquals(base + 1, reorg.payload().path("forkBlock").asLong(), "fork block: " + reorg.payload());
                assertEquals(3, reorg.payload().path("depth").asInt(), "depth: " + reorg.payload());
                long newTop = base + 4;
                assertTrue(JournalWatch.awaitAny(journalDir, e -> isTick(e) && e.payload().path("block").asLong() >= newTop, 1,
                        Duration.ofSeconds(60)).isPresent(), "the daemon follows the new fork to block " + newTop);
                java.util.Set<String> oldOrders = NodeRestartIT.orderIds(JournalWatch.read(journalDir));
                assertTrue(JournalWatch.awaitAny(journalDir, e -> JournalWatch.filled().test(e)
                        && !oldOrders.contains(e.payload().path("orderId").asText()), 1, Duration.ofSeconds(120)).isPresent(),
                        "an order placed after the reorg filled");
            }
            sim.pause();
            List<JournalEntry> all = JournalWatch.read(journalDir);
            List<JournalEntry> reorgs = all.stream().filter(e -> e.type().equals("bus." + Addresses.MARKET_REORG)).toList();
            assertEquals(1, reorgs.size(), "one reorg, reported once: " + reorgs);
            int checked = 0;
            boolean after = false;
            for (JournalEntry e : all) {
                after |= e == reorgs.getFirst();
                if (after && isTick(e)) {
                    long b = e.payload().path("block").asLong();
                    assertEquals(hash(c, b), e.payload().path("blockHash").asText(), "snapshot of block " + b + " after the reorg");
                    checked++;
                }
            }
            assertTrue(checked >= 2, "snapshots after the reorg: " + checked);
            Books books = Books.of(all, c);
            System.out.printf("reorg: fork at %d depth 3, %d snapshots checked on the new fork, %d orders filled, %d txs mined%n",
                    base + 1, checked, books.ordersFilled(), books.txsMined());
            t.assertBooksEqualChain(c, books);
        }
    }

    /**
     * The reorg drops a block holding one of the daemon's fills, and the new fork gives that transaction's nonce to
     * another transaction of the same account: the daemon takes the fill back (REORGED), the order ends FAILED by
     * hash and nonce without re-sending, and its booked fills still equal the chain.
     */
    @Test
    void aFillWhoseTransactionTheNewForkDropsIsReversed() throws Exception {
        try (Testbed tb = Testbed.start(TestbedOptions.defaults().withBlockTime(1));
             SimDriver sim = new SimDriver(MarketSim.manual(tb, 5))) {
            ChainClient c = tb.client();
            Trader t = Trader.start(tb, tmp);
            Signer me = t.me();
            Path cfgFile = t.cfgFile();
            Path journalDir;
            String orderId;
            sim.start();
            try (Daemon d = Daemon.start(DaemonConfigLoader.load(cfgFile), DaemonOptions.local(cfgFile), new ModuleWiring(), null)) {
                journalDir = d.journalDir();
                String snapshot = c.rpc("evm_snapshot").asText();
                long base = c.blockNumber();
                JournalEntry fill = JournalWatch.awaitAny(journalDir, e -> JournalWatch.filled().test(e)
                        && e.payload().path("block").asLong() > base, 1, Duration.ofSeconds(120))
                        .orElseThrow(() -> new AssertionError("no fill after block " + base));
                orderId = fill.payload().path("orderId").asText();
                sim.pause();
                c.rpc("evm_setIntervalMining", 0);
                c.rpc("evm_setAutomine", false);
                long top = c.blockNumber();
                assertTrue(JournalWatch.awaitAny(journalDir, e -> isTick(e) && e.payload().path("block").asLong() == top, 1,
                        Duration.ofSeconds(60)).isPresent(), "the daemon saw block " + top + " before the reorg");
                List<String> raws = new ArrayList<>();
                List<Long> ourNonces = new ArrayList<>();
                for (long b = base + 1; b <= top; b++) {
                    for (JsonNode tx : c.rpc("eth_getBlockByNumber", Hex.quantity(b), true).path("transactions")) {
                        if (tx.path("from").asText().equalsIgnoreCase(me.address().hex())) {
                            ourNonces.add(Long.decode(tx.path("nonce").asText()));
                        } else {
                            raws.add(c.rpc("eth_getRawTransactionByHash", tx.path("hash").asText()).asText());
                        }
                    }
                }
                assertTrue(c.rpc("evm_revert", snapshot).asBoolean(), "evm_revert");
                for (String raw : raws) {
                    try {
                        c.rpc("eth_sendRawTransaction", raw);
                    } catch (RuntimeException e) {
                        // the pool may still hold it
                    }
                }
                // the daemon's transactions of the dropped blocks do not come back: their nonces go to plain transfers
                for (long n : ourNonces) {
                    c.rpc("eth_sendTransaction", Map.of("from", me.address().hex(), "to", me.address().hex(), "value", "0x0",
                            "nonce", Hex.quantity(n)));
                }
                tb.mine((int) (top - base) + 1);
                c.rpc("evm_setIntervalMining", 1);
                sim.resume();

                JournalEntry back = JournalWatch.awaitAny(journalDir, e -> e.type().equals("bus." + Addresses.EXECUTOR_RESULT)
                        && e.payload().path("orderId").asText().equals(orderId)
                        && e.payload().path("status").asText().equals("REORGED"), 1, Duration.ofSeconds(60))
                        .orElseThrow(() -> new AssertionError("the fill of " + orderId + " was not taken back"));
                System.out.println("reorg took back: " + back.payload().path("reason").asText());
                JournalEntry failed = JournalWatch.awaitAny(journalDir, e -> e.type().equals("bus." + Addresses.EXECUTOR_RESULT)
                        && e.payload().path("orderId").asText().equals(orderId)
                        && e.payload().path("status").asText().equals("FAILED"), 1, Duration.ofSeconds(60))
                        .orElseThrow(() -> new AssertionError("order " + orderId + " did not fail on its reused nonce"));
                assertTrue(failed.payload().path("reason").asText().contains("used by another transaction"),
                        failed.payload().toString());
                assertTrue(d.board().status().path("lastReorg").path("resultsTakenBack").asInt() >= 1,
                        d.board().status().path("lastReorg").toString());
            }
            sim.pause();
            Books books = Books.of(JournalWatch.read(journalDir), c);
            System.out.printf("reorg dropped the fill of %s: %d orders filled, %d txs mined%n", orderId, books.ordersFilled(),
                    books.txsMined());
            t.assertBooksEqualChain(c, books);
        }
    }

    private static boolean isTick(JournalEntry e) {
        return e.type().equals("bus." + Addresses.MARKET_SNAPSHOT);
    }

    private static String hash(ChainClient c, long block) {
        return c.header(block).map(BlockHeader::hash).orElseThrow();
    }

    /** Steps a manual market simulator on its own thread (one round per block) and can pause between rounds. */
    private static final class SimDriver implements AutoCloseable {
        private final MarketSim sim;
        private final Object round = new Object();
        private final Thread thread;
        private volatile boolean on;
        private volatile boolean stop;

        SimDriver(MarketSim sim) {
            this.sim = sim;
            this.thread = new Thread(this::run, "reorg-it-sim");
            thread.setDaemon(true);
        }

        void start() {
            on = true;
            thread.start();
        }

        private void run() {
            while (!stop) {
                synchronized (round) {
                    if (on) {
                        try {
                            sim.step();
                        } catch (RuntimeException e) {
                            System.out.println("sim step failed: " + e);
                        }
                    }
                }
                try {
                    Thread.sleep(on ? 10 : 50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Returns once no round is running and none will start until {@link #resume()}. */
        void pause() {
            on = false;
            synchronized (round) {
                // a round in progress finished before we got the lock
            }
        }

        void resume() {
            on = true;
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            pause();
            thread.join(30_000);
        }
    }

    /** The daemon's dev account funded with WETH, its starting balances, and a daemon config on this testbed. */
    private record Trader(Signer me, Token weth, Token usdc, BigInteger weth0, BigInteger usdc0, Path cfgFile) {
        static Trader start(Testbed tb, Path tmp) throws Exception {
            ChainClient c = tb.client();
            Signer me = tb.devSigner(1);
            KillRestartIT.wrap(tb, me, new BigInteger("10000000000000000000"));
            Token weth = tb.addressBook().token("WETH");
            Token usdc = tb.addressBook().token("USDC");
            Path book = tmp.resolve("book.json");
            Files.writeString(book, BusCodecs.json().writeValueAsString(tb.addressBook()));
            return new Trader(me, weth, usdc, KillRestartIT.balance(c, weth, me.address()),
                    KillRestartIT.balance(c, usdc, me.address()), KillRestartIT.writeConfig(tmp, tb.rpcUrl(), book));
        }

        void assertBooksEqualChain(ChainClient c, Books books) {
            assertEquals(KillRestartIT.balance(c, weth, me.address()).subtract(weth0), books.of("WETH"),
                    "WETH: chain change == booked fills");
            assertEquals(KillRestartIT.balance(c, usdc, me.address()).subtract(usdc0), books.of("USDC"),
                    "USDC: chain change == booked fills");
        }
    }
}
