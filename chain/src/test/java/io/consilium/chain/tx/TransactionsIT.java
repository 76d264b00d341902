package io.consilium.chain.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.chain.domain.Address;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.rpc.TxReceipt;
import io.consilium.chain.testbed.Testbed;
import io.consilium.chain.wallet.Signer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionsIT {
    private static Testbed tb;
    private static ChainClient c;
    // our own threads: the common pool has one thread on a 2-core machine, and these tasks block
    private static final ExecutorService BG = Executors.newCachedThreadPool();

    @TempDir
    Path dir;

    @BeforeAll
    static void up() {
        tb = Testbed.start();
        c = tb.client();
    }

    @AfterAll
    static void down() {
        BG.shutdownNow();
        tb.close();
    }

    @AfterEach
    void automineBackOn() {
        c.rpc("evm_setAutomine", true);
    }

    private TransactionSender sender(Path nonceDir) {
        return new TransactionSender(c, new NonceManager(c, nonceDir), FeeEstimator.defaults(c),
                new ReceiptTracker(c, Duration.ofMillis(50)));
    }

    @Test
    void fiftyConcurrentSendsUseEveryNonceOnce() throws Exception {
        Signer s = tb.devSigner(2);
        TransactionSender sender = sender(dir);
        long start = c.nonce(s.address(), "pending");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<TransactionSender.Sent>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(pool.submit(() -> sender.send(s, TxRequest.transfer(tb.accounts().get(3), BigInteger.ONE))));
        }
        Set<Long> nonces = new TreeSet<>();
        List<TransactionSender.Sent> sent = new ArrayList<>();
        for (Future<TransactionSender.Sent> f : futures) {
            TransactionSender.Sent x = f.get(60, TimeUnit.SECONDS);
            sent.add(x);
            nonces.add(x.tx().nonce());
        }
        pool.shutdown();
        assertEquals(50, nonces.size(), "no nonce handed out twice");
        assertEquals(start, ((TreeSet<Long>) nonces).first());
        assertEquals(start + 49, ((TreeSet<Long>) nonces).last());
        tb.mine(1); // anvil's automine does not always pick up a tx that arrived ahead of its predecessor
        ReceiptTracker tracker = new ReceiptTracker(c, Duration.ofMillis(50));
        for (TransactionSender.Sent x : sent) {
            assertTrue(tracker.await(x.signed(), 1, Duration.ofSeconds(30)).receipt().success());
        }
        assertEquals(start + 50, c.nonce(s.address(), "latest"));
        assertEquals(start + 50, Long.parseLong(Files.readString(dir.resolve("31337-" + s.address().hex() + ".nonce")).trim()));
    }

    @Test
    void noncesSurviveARestartAndRecoverFromNonceTooLow() {
        Signer s = tb.devSigner(4);
        Address to = tb.accounts().get(5);
        TransactionSender first = sender(dir);
        TxReceipt r1 = first.sendAndConfirm(s, TxRequest.transfer(to, BigInteger.TWO), 1, Duration.ofSeconds(20)).receipt();
        assertTrue(r1.success());
        long afterFirst = c.nonce(s.address(), "latest");

        // a second process on the same nonce directory continues where the first stopped
        NonceManager restarted = new NonceManager(c, dir);
        assertEquals(afterFirst, restarted.next(s.address()));
        restarted.release(s.address(), afterFirst);

        // someone else spends a nonce behind the manager's back: the next send hits "nonce too low" and recovers
        TransactionSender second = new TransactionSender(c, restarted, FeeEstimator.defaults(c), new ReceiptTracker(c, Duration.ofMillis(50)));
        long taken = restarted.next(s.address());
        restarted.release(s.address(), taken);
        TransactionSender outsider = sender(null);
        outsider.sendAndConfirm(s, TxRequest.transfer(to, BigInteger.ONE), 1, Duration.ofSeconds(20));
        Confirmation conf = second.sendAndConfirm(s, TxRequest.transfer(to, BigInteger.TEN), 1, Duration.ofSeconds(20));
        assertTrue(conf.receipt().success());
        assertEquals(afterFirst + 2, c.nonce(s.address(), "latest"));
    }

    @Test
    void aDroppedTransactionIsRebroadcastWithTheSameBytes() throws Exception {
        Signer s = tb.devSigner(5);
        TransactionSender sender = sender(null);
        c.rpc("evm_setAutomine", false);
        TransactionSender.Sent sent = sender.send(s, TxRequest.transfer(tb.accounts().get(6), BigInteger.ONE));
        c.rpc("anvil_dropTransaction", sent.signed().hash());
        assertFalse(c.knowsTransaction(sent.signed().hash()));
        CompletableFuture<Confirmation> conf = CompletableFuture.supplyAsync(() ->
                new ReceiptTracker(c, Duration.ofMillis(50)).await(sent.signed(), 1, Duration.ofSeconds(30)), BG);
        waitUntil(() -> c.knowsTransaction(sent.signed().hash()));
        c.rpc("evm_mine");
        Confirmation done = conf.get(30, TimeUnit.SECONDS);
        assertEquals(sent.signed().hash(), done.tx().hash());
        assertTrue(done.rebroadcasts() >= 1);
        assertTrue(done.receipt().success());
    }

    @Test
    void aReorgThatDropsTheTransactionIsNoticedAndTheSameBytesLandAgain() throws Exception {
        Signer s = tb.devSigner(6);
        TransactionSender sender = sender(null);
        String snap = c.rpc("evm_snapshot").asText();
        TransactionSender.Sent sent = sender.send(s, TxRequest.transfer(tb.accounts().get(7), BigInteger.ONE));
        ReceiptTracker tracker = new ReceiptTracker(c, Duration.ofMillis(50));
        CompletableFuture<Confirmation> conf = CompletableFuture.supplyAsync(() ->
                tracker.await(sent.signed(), 3, Duration.ofSeconds(30)), BG);
        TxReceipt mined = c.awaitReceipt(sent.signed().hash(), Duration.ofSeconds(10));
        Thread.sleep(300); // let the tracker see the receipt before the chain rewinds
        assertTrue(c.rpc("evm_revert", snap).asBoolean());
        assertTrue(c.receipt(sent.signed().hash()).isEmpty(), "the revert removed the block");
        CompletableFuture<Void> miner = CompletableFuture.runAsync(() -> {
            while (!conf.isDone()) {
                c.rpc("evm_mine");
                sleep(100);
            }
        }, BG);
        Confirmation done = conf.get(30, TimeUnit.SECONDS);
        miner.get(10, TimeUnit.SECONDS);
        assertEquals(sent.signed().hash(), done.tx().hash());
        assertTrue(done.reorgs() >= 1, "reorg noticed");
        assertTrue(done.confirmations() >= 3);
        assertNotEquals(mined.blockHash(), done.receipt().blockHash());
    }

    @Test
    void aStuckTransactionIsReplacedWithAFeeBump() throws Exception {
        Signer s = tb.devSigner(1);
        TransactionSender sender = sender(null).stuckAfter(Duration.ofMillis(400));
        c.rpc("evm_setAutomine", false);
        long nonce = c.nonce(s.address(), "pending");
        CompletableFuture<Confirmation> conf = CompletableFuture.supplyAsync(() ->
                sender.sendAndConfirm(s, TxRequest.transfer(tb.accounts().get(8), BigInteger.ONE), 1, Duration.ofSeconds(30)), BG);
        Thread.sleep(1500);
        c.rpc("evm_mine");
        Confirmation done = conf.get(30, TimeUnit.SECONDS);
        assertTrue(done.replacements() >= 1, "replaced at least once");
        assertTrue(done.receipt().success());
        assertEquals(nonce + 1, c.nonce(s.address(), "latest"), "one nonce used, by the replacement");
    }

    private static void waitUntil(java.util.function.BooleanSupplier cond) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 20 s");
            }
            sleep(20);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
