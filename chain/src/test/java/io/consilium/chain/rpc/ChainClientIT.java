package io.consilium.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.chain.ChainUserError;
import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.testbed.Testbed;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChainClientIT {
    private static Testbed tb;

    @BeforeAll
    static void up() {
        tb = Testbed.start();
    }

    @AfterAll
    static void down() {
        tb.close();
    }

    @Test
    @Order(1)
    void revertsAreTypedCarryTheirDataAndAreNotRetried() {
        ChainClient c = tb.client();
        Address usdc = tb.addressBook().token("USDC").address();
        Address broke = Address.of("0x000000000000000000000000000000000000bEEF");
        byte[] transfer = Abi.encodeCall("transfer(address,uint256)", tb.accounts().get(1), BigInteger.ONE);
        long before = c.roundTrips();
        RevertException e = assertThrows(RevertException.class, () -> c.call(broke, usdc, BigInteger.ZERO, transfer, ChainClient.LATEST));
        assertEquals(1, c.roundTrips() - before, "a revert is an answer, not a fault");
        // OpenZeppelin 5: ERC20InsufficientBalance(address,uint256,uint256)
        assertEquals(Hex.data(Abi.selector("ERC20InsufficientBalance(address,uint256,uint256)")),
                Hex.data(e.selector().orElseThrow()));
        assertEquals(4 + 96, e.revertData().length);
        assertThrows(RevertException.class, () -> c.estimateGas(broke, usdc, BigInteger.ZERO, transfer));
    }

    @Test
    @Order(2)
    void unreachableEndpointIsAUserErrorNamingTheUrl() {
        try (ChainClient dead = ChainClient.builder().endpoint("http://127.0.0.1:1").retries(1)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(20)).build()) {
            RpcUnreachableError e = assertThrows(RpcUnreachableError.class, dead::blockNumber);
            assertInstanceOf(ChainUserError.class, e);
            assertTrue(e.getMessage().startsWith("cannot reach RPC http://127.0.0.1:1"), e.getMessage());
            assertEquals(2, dead.roundTrips(), "one try plus one retry");
        }
    }

    @Test
    @Order(3)
    void failsOverToTheNextEndpoint() {
        try (ChainClient c = ChainClient.builder().endpoint("http://127.0.0.1:1").endpoint(tb.rpcUrl())
                .retries(1).backoff(Duration.ofMillis(10), Duration.ofMillis(20)).build()) {
            assertEquals(31337, c.chainId().value());
            assertEquals(tb.rpcUrl(), c.url());
            assertEquals(tb.client().blockNumber(), c.blockNumber());
        }
    }

    @Test
    @Order(4)
    void webSocketHeadsDriveTheWatcher() throws Exception {
        java.util.concurrent.BlockingQueue<BlockEvent> events = new java.util.concurrent.LinkedBlockingQueue<>();
        // a fallback poll far longer than the test, so only pushed heads can deliver the new blocks in time
        try (BlockWatcher w = BlockWatcher.startWebSocket(tb.client(), tb.rpcUrl().replace("http://", "ws://"),
                Duration.ofMinutes(10), events::add)) {
            BlockEvent first = events.poll(10, TimeUnit.SECONDS);
            assertInstanceOf(BlockEvent.NewBlock.class, first);
            long start = ((BlockEvent.NewBlock) first).header().number();
            tb.mine(1);
            tb.mine(1);
            long seen = start;
            while (seen < start + 2) {
                BlockEvent e = events.poll(10, TimeUnit.SECONDS);
                assertInstanceOf(BlockEvent.NewBlock.class, e, "a pushed head within 10 s");
                seen = ((BlockEvent.NewBlock) e).header().number();
            }
            assertEquals(start + 2, seen);
        }
    }

    @Test
    @Order(5)
    void blockWatcherReportsAReorgWithItsDepth() {
        ChainClient c = tb.client();
        List<BlockEvent> events = new ArrayList<>();
        BlockWatcher w = new BlockWatcher(c, 64, events::add);
        w.poll();
        String snap = c.rpc("evm_snapshot").asText();
        long base = c.blockNumber();
        tb.mine(3);
        w.poll();
        assertEquals(4, events.size(), "first head + 3 new blocks");
        assertTrue(c.rpc("evm_revert", snap).asBoolean());
        // a different fork: a transaction in the first new block makes every hash above base differ
        // anvil answers eth_sendTransaction before automine seals the block: wait on the returned hash, not on "latest"
        String txHash = c.rpc("eth_sendTransaction", java.util.Map.of("from", tb.accounts().get(9).hex(), "to", tb.accounts().get(9).hex(), "value", "0x1")).asText();
        c.awaitReceipt(txHash, Duration.ofSeconds(5));
        assertEquals(base + 1, c.blockNumber(), "the transfer sealed the first block of the new fork");
        tb.mine(3);
        events.clear();
        w.poll();
        BlockEvent.Reorg reorg = assertInstanceOf(BlockEvent.Reorg.class, events.getFirst());
        assertEquals(3, reorg.depth());
        assertEquals(base, reorg.commonAncestor());
        assertEquals(base + 4, reorg.newHead().number());
        assertEquals(5, events.size(), "the reorg, then 4 blocks of the new fork");
        BlockEvent.NewBlock first = assertInstanceOf(BlockEvent.NewBlock.class, events.get(1));
        assertEquals(base + 1, first.header().number());
    }

    @Test
    @Order(6)
    void survivesTheNodeGoingDownAndComingBack() throws Exception {
        ChainClient c = tb.client();
        Address usdc = tb.addressBook().token("USDC").address();
        long height = c.blockNumber();
        ExecutorService bg = Executors.newSingleThreadExecutor();
        try (ChainClient patient = ChainClient.builder().endpoint(tb.rpcUrl()).retries(12)
                .backoff(Duration.ofMillis(100), Duration.ofMillis(800)).build()) {
            Future<?> outage = bg.submit(() -> tb.restartNode(Duration.ofMillis(1500)));
            for (int i = 0; i < 40; i++) {
                BigInteger bal = patient.balance(tb.accounts().get(0), ChainClient.LATEST);
                assertTrue(bal.signum() > 0);
                Thread.sleep(50);
            }
            outage.get(30, TimeUnit.SECONDS);
            assertTrue(patient.roundTrips() > 40, "some calls needed retries: " + patient.roundTrips());
            assertTrue(patient.blockNumber() >= height, "state came back");
            String code = patient.rpc("eth_getCode", usdc.hex(), "latest").asText();
            assertTrue(code.length() > 2, "contracts came back");
        } finally {
            bg.shutdownNow();
        }
    }
}
