package io.consilium.agents.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.agents.executor.OrderExecutor;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.Order;
import io.consilium.agents.messages.SandboxVerdict;
import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.testbed.AddressBook;
import io.consilium.chain.testbed.Testbed;
import io.consilium.sandbox.journal.Journal;
import io.consilium.sandbox.pipeline.Mode;
import io.consilium.sandbox.pipeline.Sandbox;
import io.consilium.sandbox.policy.PolicyEngine;
import io.consilium.sandbox.policy.PolicyLoader;
import io.consilium.sandbox.quote.UniswapQuoteSource;
import io.consilium.sandbox.sim.ChainRpc;
import io.consilium.sandbox.sim.ForkSimulator;
import io.consilium.sandbox.sim.NodeSimulator;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paper mode trades from a fresh account (no allowance): approve + swap run as one bundle on the fork simulator. */
class PaperBundleIT {
    @TempDir
    Path dir;

    @Test
    void aFreshAccountTradesInPaperModeAndNothingReachesTheChain() throws Exception {
        try (Testbed tb = Testbed.start()) {
            AddressBook book = tb.addressBook();
            ChainRpc rpc = new ChainRpc(tb.client());
            Map<String, Address> names = new HashMap<>(book.contracts());
            book.tokens().forEach((sym, t) -> names.put(sym, t.address()));
            book.pools().forEach((name, p) -> names.put(name, p.address()));
            var policy = PolicyLoader.load(Path.of(System.getProperty("consilium.home"), "config/policies/default.yaml"), names);
            Address me = tb.accounts().get(7);
            try (ForkSimulator fork = ForkSimulator.start(ForkSimulator.locateAnvil(Path.of(System.getProperty("consilium.home"))),
                    tb.rpcUrl(), rpc); Journal journal = Journal.open(dir.resolve("journal"))) {
                Sandbox sandbox = Sandbox.builder().rpc(rpc).simulator(new NodeSimulator(rpc)).bundles(fork)
                        .policy(new PolicyEngine(policy, null, null)).journal(journal).mode(Mode.PAPER)
                        .quotes(new UniswapQuoteSource(rpc, book.contract("UniswapV2Router02"), book.contract("SwapRouter"),
                                book.contract("QuoterV2"))).build();
                SandboxOrderExecutor exec = new SandboxOrderExecutor(sandbox, tb.client(), tb.chainId(), me, "dev 7", book);
                Address router = book.contract("UniswapV2Router02");
                assertEquals(BigInteger.ZERO, allowance(tb.client(), book.token("USDC").address(), me, router));
                long nonce = tb.client().nonce(me, "latest");
                BigInteger amount = BigInteger.valueOf(700_000_000L);
                Order o = new Order(Order.VERSION, "o-paper-1", "paper-test", tb.client().blockNumber(), me, "V2:WETH/USDC",
                        "USDC", "WETH", amount, BigInteger.ONE, "test", System.nanoTime());
                List<SandboxVerdict> verdicts = new CopyOnWriteArrayList<>();
                List<ExecutionResult> results = new CopyOnWriteArrayList<>();
                OrderExecutor.Parked parked = exec.execute(o, new OrderExecutor.Listener() {
                    public void verdict(SandboxVerdict v) {
                        verdicts.add(v);
                    }

                    public void result(ExecutionResult r) {
                        results.add(r);
                    }
                });
                assertEquals(null, parked);
                assertEquals(2, verdicts.size(), verdicts.toString());
                assertTrue(verdicts.stream().allMatch(v -> v.decision() == SandboxVerdict.Decision.ALLOW), verdicts.toString());
                assertEquals(1, results.size());
                ExecutionResult r = results.getFirst();
                assertEquals(ExecutionResult.Status.SIMULATED, r.status(), r.reason());
                assertEquals(amount.negate(), r.deltas().get("USDC"));
                assertNotNull(r.deltas().get("WETH"));
                assertTrue(r.deltas().get("WETH").signum() > 0, r.deltas().toString());
                assertEquals(nonce, tb.client().nonce(me, "latest"), "paper mode signs and sends nothing");
                assertEquals(BigInteger.ZERO, allowance(tb.client(), book.token("USDC").address(), me, router));
            }
        }
    }

    private static BigInteger allowance(ChainClient c, Address token, Address owner, Address spender) {
        return (BigInteger) Abi.decode("(uint256)", c.call(null, token, BigInteger.ZERO,
                Abi.encodeCall("allowance(address,address)", owner, spender), ChainClient.LATEST)).getFirst();
    }
}
