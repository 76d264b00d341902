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
 * from its receipt when the chain mines again — an approval alone ends the order without a fill.
 */
class StuckTxIT {
    @TempDir
    Path dir;

    @Test
    void aTransactionThatIsNotMinedIsHandedToTheWatchAndSettlesLater() throws Exception {
        try (Testbed tb = Testbed.start()) {
            AddressBook book = tb.addressBook();
            ChainRpc rpc = new ChainRpc(tb.client());
            Map<String, Address> names = new HashMap<>(book.contracts());
            book.tokens().forEach((sym, t) -> names.put(sym, t.address()));
            book.pools().forEach((name, p) -> names.put(name, p.address()));
            var policy = PolicyLoader.load(Path.of(System.getProperty("consilium.home"), "config/policies/default.yaml"), names);
            int idx = 8;
            Address me = tb.accounts().get(idx);
            try (Journal journal = Journal.open(dir.resolve("journal"))) {
                Sandbox sandbox = Sandbox.builder().rpc(rpc).simulator(new NodeSimulator(rpc))
                        .policy(new PolicyEngine(policy, null, null)).journal(journal).mode(Mode.LIVE)
                        .signer(tb.devSigner(idx)).confirmTimeout(Duration.ofSeconds(2))
                        .quotes(new UniswapQuoteSource(rpc, book.contract("UniswapV2Router02"), book.contract("SwapRouter"),
                                book.contract("QuoterV2"))).build();
                SandboxOrderExecutor exec = new SandboxOrderExecutor(sandbox, tb.client(), tb.chainId(), me, "dev 8", book);
                tb.client().rpc("evm_setAutomine", false);
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
                assertEquals(Optional.empty(), exec.recheck(sent), "in the node's pool, not mined: still open");

                tb.client().rpc("evm_mine");
                ExecutionResult settled = exec.recheck(sent).orElseThrow();
                assertEquals(ExecutionResult.Status.FAILED, settled.status(), "an approval alone is no fill");
                assertTrue(settled.reason().contains("swap was never sent"), settled.reason());
                assertTrue(settled.gasCostWei().signum() > 0, "its gas is booked");
                assertEquals(sent.txHash(), settled.txHash());
            }
        }
    }
}
