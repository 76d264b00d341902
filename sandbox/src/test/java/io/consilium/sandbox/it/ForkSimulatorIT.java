package io.consilium.sandbox.it;

import static io.consilium.sandbox.it.SandboxFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.chain.domain.Address;
import io.consilium.chain.testbed.Testbed;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.sandbox.journal.Journal;
import io.consilium.sandbox.pipeline.Mode;
import io.consilium.sandbox.pipeline.Verdict;
import io.consilium.sandbox.sim.ChainRpc;
import io.consilium.sandbox.sim.ForkSimulator;
import io.consilium.sandbox.sim.JsonRpc;
import io.consilium.sandbox.sim.NodeSimulator;
import io.consilium.sandbox.sim.Simulation;
import io.consilium.sandbox.sim.Simulator;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fork simulator agrees with the on-node one, and the pipeline re-simulates when the chain moves. */
class ForkSimulatorIT {
    static Testbed tb;
    static ForkSimulator fork;

    @TempDir
    Path dir;

    @BeforeAll
    static void up() {
        tb = SandboxFixture.startTestbed();
        fork = ForkSimulator.start(ForkSimulator.locateAnvil(home()), tb.rpcUrl(), new ChainRpc(tb.client()));
    }

    @AfterAll
    static void down() {
        fork.close();
        tb.close();
    }

    @Test
    void forkAndNodeSimulatorsSeeTheSameAssetChangesAndTheForkLeavesNoTrace() {
        Address usdc = tb.addressBook().contract("USDC");
        Address weth = tb.addressBook().contract("WETH");
        Address router = tb.addressBook().contract("UniswapV2Router02");
        Address me = tb.accounts().get(1);
        BigInteger amount = BigInteger.valueOf(2_000_000_000L);
        direct(tb, 1, usdc, approve(router, amount));
        long nonce = tb.client().nonce(me, "latest");
        Eip1559Tx tx = new Eip1559Tx(tb.chainId(), nonce, BigInteger.ONE, BigInteger.TEN.pow(10), BigInteger.valueOf(400_000), router,
                BigInteger.ZERO, v2Swap(amount, BigInteger.ONE, List.of(usdc, weth), me, deadline()));
        Simulation onNode = new NodeSimulator(new ChainRpc(tb.client())).simulate(tx, me, Set.of(me));
        Simulation onFork = fork.simulate(tx, me, Set.of(me));
        Simulation again = fork.simulate(tx, me, Set.of(me)); // evm_revert put the fork back: same answer twice
        assertTrue(onFork.success(), String.valueOf(onFork.revertReason()));
        assertEquals(onNode.assetChanges(), onFork.assetChanges());
        assertEquals(onFork.assetChanges(), again.assetChanges());
        assertEquals(2, onFork.balances().size());
        assertEquals(nonce, tb.client().nonce(me, "latest"), "simulating on the fork sent nothing upstream");
    }

    @Test
    void liveSwapThroughTheForkSimulatorIsReconciled() {
        Address usdc = tb.addressBook().contract("USDC");
        Address weth = tb.addressBook().contract("WETH");
        Address router = tb.addressBook().contract("SwapRouter");
        Address me = tb.accounts().get(2);
        BigInteger amount = BigInteger.valueOf(300_000_000L);
        direct(tb, 2, usdc, approve(router, amount));
        Verdict v = sandbox(tb, defaultPolicy(tb), Mode.LIVE, dir, fork, 2).submit(call(tb, 2, router, BigInteger.ZERO,
                v3Single(usdc, weth, 3000, me, deadline(), amount, BigInteger.ONE)));
        assertEquals(Verdict.Decision.ALLOW, v.decision(), v.reasons().toString());
        assertEquals("success", v.receiptStatus());
        assertTrue(v.reconciliation().matches(), v.reconciliation().toString());
    }

    @Test
    void whenTheChainMovesBeforeSigningTheTransactionIsSimulatedAgain() {
        JsonRpc rpc = new ChainRpc(tb.client());
        NodeSimulator node = new NodeSimulator(rpc);
        AtomicInteger runs = new AtomicInteger();
        Simulator moving = new Simulator() {
            public Simulation simulate(Eip1559Tx tx, Address from, Set<Address> holders) {
                Simulation s = node.simulate(tx, from, holders);
                if (runs.incrementAndGet() == 1) {
                    tb.mine(1); // someone else's block lands between simulation and signing
                }
                return s;
            }

            public long headBlock() {
                return node.headBlock();
            }
        };
        Verdict v = sandbox(tb, defaultPolicy(tb), Mode.LIVE, dir, moving, 3).submit(call(tb, 3,
                tb.addressBook().contract("WETH"), BigInteger.TEN.pow(15), io.consilium.chain.abi.Abi.encodeCall("deposit()")));
        assertEquals(Verdict.Decision.ALLOW, v.decision(), v.reasons().toString());
        assertEquals(2, runs.get());
        try (Journal j = Journal.open(dir.resolve("journal"))) {
            assertEquals(2, j.readFrom(0, 100).stream().filter(e -> e.type().equals("sandbox.simulation")).count());
        }
    }

    @Test
    void paperModeTradesFromAnAccountWithNoAllowanceBySimulatingApproveAndSwapAsOneBundle() {
        Address usdc = tb.addressBook().contract("USDC");
        Address weth = tb.addressBook().contract("WETH");
        Address router = tb.addressBook().contract("UniswapV2Router02");
        int idx = 5;
        Address me = tb.accounts().get(idx);
        BigInteger amount = BigInteger.valueOf(1_000_000_000L);
        assertEquals(BigInteger.ZERO, allowance(tb, usdc, me, router), "a fresh account");
        long nonce = tb.client().nonce(me, "latest");
        BigInteger usdcBefore = balanceOf(tb, usdc, me);
        io.consilium.sandbox.pipeline.Sandbox paper = sandboxWithBundles(Mode.PAPER);
        assertTrue(paper.supportsBundles());
        List<Verdict> vs = paper.submitBundle(List.of(call(tb, idx, usdc, BigInteger.ZERO, approve(router, amount)),
                call(tb, idx, router, BigInteger.ZERO, v2Swap(amount, BigInteger.ONE, List.of(usdc, weth), me, deadline()))));
        assertEquals(2, vs.size());
        for (Verdict v : vs) {
            assertEquals(Verdict.Decision.ALLOW, v.decision(), v.reasons().toString());
        }
        // the approval's simulation shows the allowance; the swap's shows USDC out and WETH in, spending it
        assertTrue(vs.get(0).assetChanges().stream().anyMatch(c -> c.kind() == io.consilium.sandbox.sim.AssetChange.Kind.ALLOWANCE
                && c.after().equals(amount)), vs.get(0).assetChanges().toString());
        assertEquals(amount.negate(), paper.paperPortfolio().delta(me, usdc));
        assertTrue(paper.paperPortfolio().delta(me, weth).signum() > 0);
        // nothing left the sandbox: no nonce used, no allowance, no balance change upstream
        assertEquals(nonce, tb.client().nonce(me, "latest"));
        assertEquals(BigInteger.ZERO, allowance(tb, usdc, me, router));
        assertEquals(usdcBefore, balanceOf(tb, usdc, me));

        // the same swap alone cannot be simulated past the missing allowance: the bundle is what makes paper work
        Verdict alone = paper.submit(call(tb, idx, router, BigInteger.ZERO,
                v2Swap(amount, BigInteger.ONE, List.of(usdc, weth), me, deadline())));
        assertEquals(Verdict.Decision.DENY, alone.decision());
    }

    @Test
    void aBundleWhoseSwapBreaksThePolicyBooksNothing() {
        Address usdc = tb.addressBook().contract("USDC");
        Address weth = tb.addressBook().contract("WETH");
        Address router = tb.addressBook().contract("UniswapV2Router02");
        int idx = 6;
        Address me = tb.accounts().get(idx);
        BigInteger amount = BigInteger.valueOf(1_000_000_000L);
        io.consilium.sandbox.pipeline.Sandbox paper = sandboxWithBundles(Mode.PAPER);
        // the approval is fine, but the swap sends the WETH to someone else: denied, and so is the whole bundle
        List<Verdict> vs = paper.submitBundle(List.of(call(tb, idx, usdc, BigInteger.ZERO, approve(router, amount)),
                call(tb, idx, router, BigInteger.ZERO, v2Swap(amount, BigInteger.ONE, List.of(usdc, weth),
                        tb.accounts().get(9), deadline()))));
        assertEquals(2, vs.size());
        assertTrue(vs.stream().allMatch(v -> v.decision() == Verdict.Decision.DENY), vs.toString());
        assertEquals(BigInteger.ZERO, paper.paperPortfolio().delta(me, usdc));
    }

    private io.consilium.sandbox.pipeline.Sandbox sandboxWithBundles(Mode mode) {
        Address router = tb.addressBook().contract("UniswapV2Router02");
        return io.consilium.sandbox.pipeline.Sandbox.builder()
                .rpc(new ChainRpc(tb.client())).simulator(new NodeSimulator(new ChainRpc(tb.client())))
                .policy(new io.consilium.sandbox.policy.PolicyEngine(defaultPolicy(tb), null, null))
                .journal(Journal.open(dir.resolve("journal-" + mode))).mode(mode).bundles(fork)
                .quotes(new io.consilium.sandbox.quote.UniswapQuoteSource(new ChainRpc(tb.client()),
                        router, tb.addressBook().contract("SwapRouter"), tb.addressBook().contract("QuoterV2")))
                .build();
    }
}
