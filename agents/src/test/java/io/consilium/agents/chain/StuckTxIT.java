package io.consilium.agents.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.agents.executor.OrderExecutor;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.Order;
import io.consilium.agents.messages.SandboxVerdict;
import io.consilium.chain.domain.Address;
import io.consilium.chain.testbed.AddressBook;
import io.consilium.chain.testbed.Testbed;
import io.consilium.sandbox.journal.Journal;
import io.consilium.sandbox.pipeline.Mode;
import io.consilium.sandbox.pipeline.Sandbox;
import io.consilium.sandbox.policy.PolicyEngine;
import io.consilium.sandbox.policy.PolicyLoader;
import io.consilium.sandbox.quote.UniswapQuoteSource;
import io.consilium.sandbox.sim.ChainRpc;
import io.consilium.sandbox.sim.NodeSimulator;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live on a chain that stops mining: the sent transaction (here the order's approval) comes back SENT
 * with its nonce once the sandbox's confirm wait runs out, rather than holding the account, and settles
 * from its receipt when the chain mines again — an approval alone ends the order without a fill. A transaction
 * the node drops from its pool meanwhile is re-sent byte for byte and settles the same way.
 */
class StuckTxIT {
    @TempDir
    Path dir;

    /** A live executor for dev account 8 on a testbed that has just stopped mining. */
    private SandboxOrderExecutor stoppedChainExecutor(Testbed tb, Journal journal) {
        AddressBook book = tb.addressBook();
        ChainRpc rpc = new ChainRpc(tb.client());
        Map<String, Address> names = new HashMap<>(book.contracts());
        book.tokens().forEach((sym, t) -> names.put(sym, t.address()));
        book.pools().forEach((name, p) -> names.put(name, p.address()));
        var policy = PolicyLoader.load(Path.of(System.getProperty("consilium.home"), "config/policies/default.yaml"), names);
        int idx = 8;
        Sandbox sandbox = Sandbox.builder().rpc(rpc).simulator(new NodeSimulator(rpc))
                .policy(new PolicyEngine(policy, null, null)).journal(journal).mode(Mode.LIVE)
                .signer(tb.devSigner(idx)).confirmTimeout(Duration.ofSeconds(2))
                .quotes(new UniswapQuoteSource(rpc, book.contract("UniswapV2Router02"), book.contract("SwapRouter"),
                        book.contract("QuoterV2"))).build();
        tb.client().rpc("evm_setAutomine", false);
        return new SandboxOrderExecutor(sandbox, tb.client(), tb.chainId(), tb.accounts().get(idx), "dev 8", book);
    }

    /** Sends an order that stays unmined and returns its SENT result (the order's approval: a fresh account). */
    private static ExecutionResult sendStuck(Testbed tb, SandboxOrderExecutor exec) throws Exception {
        Address me = tb.accounts().get(8);
        Order o = new Order(Order.VERSION, "o-stuck-1", "stuck-test", tb.client().blockNumber(), me, "V2:WETH/USDC",
                "USDC", "WETH", BigInteger.valueOf(300_000_000L), BigInteger.ONE, "test", System.nanoTime());
        List<ExecutionResult> results = new CopyOnWriteArrayList<>();
        OrderExecutor.Parked parked = exec.execute(o, new OrderExecutor.Listener() {
            public void verdict(SandboxVerdict v) {
            }

            public void result(ExecutionResult r) {
                results.add(r);
            }
        });
        assertNull(parked);
        assertEquals(1, results.size());
        ExecutionResult sent = results.getFirst();
        assertEquals(ExecutionResult.Status.SENT, sent.status(), sent.reason());
        // a fresh account: the stuck transaction is the order's approval, so the swap was never sent
        assertTrue(sent.reason().startsWith(SentTxCheck.APPROVAL_ONLY), sent.reason());
        assertTrue(sent.nonce() >= 0, "the nonce is known, so the watch can tell a replacement");
        return sent;
    }

    private static void assertSettledAsApprovalOnly(ExecutionResult sent, ExecutionResult settled) {
        assertEquals(ExecutionResult.Status.FAILED, settled.status(), "an approval alone is no fill");
        assertTrue(settled.reason().contains("swap was never sent"), settled.reason());
        assertTrue(settled.gasCostWei().signum() > 0, "its gas is booked");
        assertEquals(sent.txHash(), settled.txHash());
    }

    @Test
    void aTransactionThatIsNotMinedIsHandedToTheWatchAndSettlesLater() throws Exception {
        try (Testbed tb = Testbed.start(); Journal journal = Journal.open(dir.resolve("journal"))) {
            SandboxOrderExecutor exec = stoppedChainExecutor(tb, journal);
            ExecutionResult sent = sendStuck(tb, exec);
            assertEquals(Optional.empty(), exec.recheck(sent), "in the node's pool, not mined: still open");

            tb.client().rpc("evm_mine");
            assertSettledAsApprovalOnly(sent, exec.recheck(sent).orElseThrow());
        }
    }

    @Test
    void aTransactionTheNodeDroppedIsResentUnchangedAndSettles() throws Exception {
        try (Testbed tb = Testbed.start(); Journal journal = Journal.open(dir.resolve("journal"))) {
            SandboxOrderExecutor exec = stoppedChainExecutor(tb, journal);
            ExecutionResult sent = sendStuck(tb, exec);
            tb.client().rpc("anvil_dropTransaction", sent.txHash());
            assertTrue(tb.client().rpc("eth_getTransactionByHash", sent.txHash()).isNull(), "the node forgot it");

            assertEquals(Optional.empty(), exec.recheck(sent), "dropped, nonce free: still open, and re-sent");
            assertTrue(!tb.client().rpc("eth_getTransactionByHash", sent.txHash()).isNull(),
                    "the same signed bytes (same hash) are back in the node's pool");
            assertTrue(journal.tail(50).stream().anyMatch(e -> e.type().equals("sandbox.rebroadcast")
                    && e.payload().path("txHash").asText().equals(sent.txHash())
                    && e.payload().path("result").asText().equals("sent")), "the re-send is journaled");

            tb.client().rpc("evm_mine");
            assertSettledAsApprovalOnly(sent, exec.recheck(sent).orElseThrow());
        }
    }
}
