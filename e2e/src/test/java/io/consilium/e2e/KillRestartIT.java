package io.consilium.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.agents.bus.Addresses;
import io.consilium.agents.bus.BusCodecs;
import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.Token;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.testbed.Testbed;
import io.consilium.chain.testbed.TestbedOptions;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.chain.wallet.Signer;
import io.consilium.sandbox.journal.JournalEntry;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon in a child JVM trading live on a testbed that outlives it, killed with SIGKILL at seeded
 * random points and restarted on the same journal each time, then stopped gracefully. A kill point is a
 * journal record the daemon is about to act on (an order, a sandbox request, a signed hash not yet
 * broadcast, a broadcast, a result, a snapshot) and a delay after it, both drawn
 * from the seed: the kill lands where a crash hurts, not at a wall-clock guess. Afterwards: nothing the
 * journal held before a kill is missing after it, no order's swap was mined twice, the daemon traded
 * after its last restart, and the fills the journal booked add up to exactly the account's balance
 * changes on the chain.
 */
class KillRestartIT {
    private static final int DEV_ACCOUNT = 1;
    private static final List<String> KILL_AFTER = List.of("bus." + Addresses.EXECUTOR_ORDER, "sandbox.request",
            "sandbox.signed", "sandbox.sent", "bus." + Addresses.EXECUTOR_RESULT, "bus." + Addresses.MARKET_SNAPSHOT);

    @TempDir
    Path tmp;

    @Test
    void killNineAtRandomPointsLosesNothingAndSendsNothingTwice() throws Exception {
        long seed = Long.getLong("consilium.e2e.killSeed", 20261128L);
        int points = Integer.getInteger("consilium.e2e.killPoints", 10);
        Random rnd = new Random(seed);
        try (Testbed tb = Testbed.start(TestbedOptions.defaults().withMarketSim(true, 11).withBlockTime(1))) {
            Signer me = tb.devSigner(DEV_ACCOUNT);
            wrap(tb, me, new BigInteger("10000000000000000000"));
            Path book = tmp.resolve("book.json");
            Files.writeString(book, BusCodecs.json().writeValueAsString(tb.addressBook()));
            Path cfg = writeConfig(tmp, tb.rpcUrl(), book);
            Token weth = tb.addressBook().token("WETH");
            Token usdc = tb.addressBook().token("USDC");
            BigInteger weth0 = balance(tb.client(), weth, me.address());
            BigInteger usdc0 = balance(tb.client(), usdc, me.address());
            Path log = tmp.resolve("daemon.log");
            Files.createFile(log);
            Path journalDir = tmp.resolve("journal");

            List<JournalEntry> before = List.of();
            List<String> hits = new ArrayList<>();
            for (int i = 0; i <= points; i++) {
                long offset = Files.size(log);
                long t0 = System.nanoTime();
                try (ChildDaemon d = ChildDaemon.start(tmp, log, "--config", cfg.toString(), "--quiet")) {
                    assertTrue(d.awaitOutput("strategies on", offset, Duration.ofSeconds(120)),
                            "daemon run " + i + " did not start:\n" + tail(log));
                    long startedMs = (System.nanoTime() - t0) / 1_000_000;
                    if (i > 0) {
                        assertPrefix(before, JournalWatch.read(journalDir), "after kill " + i);
                    }
                    if (i < points) {
                        String type = KILL_AFTER.get(rnd.nextInt(KILL_AFTER.size()));
                        long delayMs = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1_500);
                        Optional<JournalEntry> hit = JournalWatch.awaitNew(journalDir, JournalWatch.type(type), 1,
                                Duration.ofSeconds(12));
                        Thread.sleep(delayMs);
                        d.kill9();
                        hits.add("run " + i + " up in " + startedMs + " ms, killed " + (hit.isPresent()
                                ? delayMs + " ms after " + type : "with no " + type + " within 12 s"));
                        before = JournalWatch.read(journalDir);
                    } else {
                        assertTrue(JournalWatch.awaitNew(journalDir, JournalWatch.filled(), 1, Duration.ofSeconds(120)).isPresent(),
                                "the daemon filled an order after its last restart:\n" + tail(log));
                        int rc = d.terminate();
                        assertTrue(rc == 0 || rc == 143, "graceful stop on SIGTERM (exit " + rc + "):\n" + tail(log));
                    }
                }
            }
            List<JournalEntry> all = JournalWatch.read(journalDir);
            assertPrefix(before, all, "at the end");
            String logText = Files.readString(log);
            assertTrue(logText.contains("recovery: replayed"), "restarts replayed the journal:\n" + tail(log));
            Books books = Books.of(all, tb.client());
            logText.lines().filter(l -> l.contains("recovery:")).forEach(System.out::println);
            System.out.printf("kill/restart: %d kill points (seed %d)%n", points, seed);
            hits.forEach(h -> System.out.println("kill/restart: " + h));
            System.out.printf("kill/restart: %d journal records, %d orders filled, %d txs mined%n",
                    all.size(), books.ordersFilled(), books.txsMined());
            assertTrue(books.ordersFilled() > 0, "the daemon filled orders across the restarts:\n" + tail(log));
            assertEquals(balance(tb.client(), weth, me.address()).subtract(weth0), books.of("WETH"),
                    "WETH: chain change == booked fills");
            assertEquals(balance(tb.client(), usdc, me.address()).subtract(usdc0), books.of("USDC"),
                    "USDC: chain change == booked fills");
        }
    }

    private static void assertPrefix(List<JournalEntry> before, List<JournalEntry> after, String when) {
        assertTrue(after.size() >= before.size(), when + ": journal shrank from " + before.size() + " to " + after.size());
        for (int i = 0; i < before.size(); i++) {
            JournalEntry a = before.get(i);
            JournalEntry b = after.get(i);
            assertEquals(a.type() + a.payload(), b.type() + b.payload(), when + ": record " + i + " changed");
        }
    }

    static Path writeConfig(Path tmp, String rpcUrl, Path book) throws Exception {
        String home = System.getProperty("consilium.home");
        String yaml = """
                mode: live
                chain:
                  endpoints: [ "%s" ]
                  chainId: 31337
                  addressBook: %s
                  pools: [ "V2:WETH/USDC", "V3:WETH/USDC:500" ]
                  pollMillis: 250
                wallet: { devAccount: %d }
                policy: %s/config/policies/default.yaml
                strategies:
                  - file: %s
                    budget: { USDC: "20000", WETH: "6" }
                  - file: %s
                    budget: { USDC: "6000", WETH: "0" }
                portfolio: { quote: USDC, maxGlobalExposure: 60000, maxSlippageBps: 100, maxDrawdown: 0.5, windowMillis: 300 }
                llm: { remote: true }
                journal: %s
                http: { port: 0 }
                """.formatted(rpcUrl, book, DEV_ACCOUNT, home,
                        busy(tmp, home, "daemon-eth-usdc-rebalance.yaml", "band: 0.02", "band: 0.002"),
                        busy(tmp, home, "daemon-weth-momentum.yaml", "fast: 5\n  slow: 20", "fast: 2\n  slow: 5"),
                        tmp.resolve("journal"));
        Path f = tmp.resolve("daemon.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    /**
     * The default strategy YAML made jumpier (narrow band, short averages, the noisy V2 pair) so orders are
     * in flight at the kill points; the code path is the default one.
     */
    private static Path busy(Path tmp, String home, String name, String from, String to) throws Exception {
        String y = Files.readString(Path.of(home, "config", "strategies", name));
        assertTrue(y.contains(from), name + " has " + from);
        y = y.replace(from, to).replace("kind: v3\n    base: WETH\n    quote: USDC\n    feeBps: 5",
                "kind: v2\n    base: WETH\n    quote: USDC\n    feeBps: 30");
        Path f = tmp.resolve("busy-" + name);
        Files.writeString(f, y);
        return f;
    }

    static BigInteger balance(ChainClient c, Token t, Address who) {
        return (BigInteger) Abi.decode("(uint256)", c.call(null, t.address(), BigInteger.ZERO,
                Abi.encodeCall("balanceOf(address)", who), ChainClient.LATEST)).getFirst();
    }

    /** Test set-up (outside the daemon): wrap ETH into WETH for the dev account. */
    static void wrap(Testbed tb, Signer s, BigInteger amount) {
        ChainClient c = tb.client();
        var head = c.header(ChainClient.LATEST).orElseThrow();
        BigInteger prio = BigInteger.valueOf(1_000_000_000L);
        var tx = new Eip1559Tx(tb.chainId(), c.nonce(s.address(), "pending"), prio,
                head.baseFeePerGas().multiply(BigInteger.TWO).add(prio), BigInteger.valueOf(100_000),
                tb.addressBook().token("WETH").address(), amount, Abi.encodeCall("deposit()"));
        c.awaitReceipt(c.sendRawTransaction(s.sign(tx).raw()), Duration.ofSeconds(60));
    }

    static String tail(Path log) {
        try {
            String s = Files.readString(log);
            return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }
}
