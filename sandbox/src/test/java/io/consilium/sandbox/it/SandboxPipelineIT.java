package io.consilium.sandbox.it;

import static io.consilium.sandbox.it.SandboxFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.chain.domain.Address;
import io.consilium.chain.testbed.Testbed;
import io.consilium.sandbox.journal.Journal;
import io.consilium.sandbox.journal.JournalEntry;
import io.consilium.sandbox.pipeline.Mode;
import io.consilium.sandbox.pipeline.Sandbox;
import io.consilium.sandbox.pipeline.Verdict;
import io.consilium.sandbox.sim.AssetChange;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The happy paths on the real testbed: exact approval, V2 and V3 swaps, live, paper and shadow. */
class SandboxPipelineIT {
    static Testbed tb;

    @TempDir
    Path dir;

    @BeforeAll
    static void up() {
        tb = SandboxFixture.startTestbed();
    }

    @AfterAll
    static void down() {
        tb.close();
    }

    @Test
    void liveApproveThenV2SwapIsSignedSentAndReconciled() {
        Address usdc = tb.addressBook().contract("USDC");
        Address weth = tb.addressBook().contract("WETH");
        Address router = tb.addressBook().contract("UniswapV2Router02");
        Address me = tb.accounts().get(1);
        BigInteger amount = BigInteger.valueOf(1_000_000_000L); // 1000 USDC
        Sandbox sb = sandbox(tb, defaultPolicy(tb), Mode.LIVE, dir, null, 1);

        Verdict a = sb.submit(call(tb, 1, usdc, BigInteger.ZERO, approve(router, amount)));
        assertEquals(Verdict.Decision.ALLOW, a.decision(), a.reasons().toString());
        assertEquals("success", a.receiptStatus());
        assertEquals(amount, allowance(tb, usdc, me, router));
        assertTrue(a.assetChanges().stream().anyMatch(c -> c.kind() == AssetChange.Kind.ALLOWANCE
                && c.spender().equals(router) && c.after().equals(amount)));

        BigInteger wethBefore = balanceOf(tb, weth, me);
        Verdict s = sb.submit(call(tb, 1, router, BigInteger.ZERO,
                v2Swap(amount, BigInteger.ONE, List.of(usdc, weth), me, deadline())));
        assertEquals(Verdict.Decision.ALLOW, s.decision(), s.reasons().toString());
        assertNotNull(s.txHash());
        assertEquals("success", s.receiptStatus());
        assertTrue(s.reconciliation().matches(), s.reconciliation().toString());
        AssetChange wethIn = s.assetChanges().stream().filter(c -> c.token().equals(weth) && c.holder().equals(me))
                .findFirst().orElseThrow();
        assertEquals(wethIn.deltaValue(), balanceOf(tb, weth, me).subtract(wethBefore));
        assertTrue(s.reasons().stream().anyMatch(r -> r.id().equals("slippage") && r.outcome().equals("allow")));

        try (Journal j = Journal.open(dir.resolve("journal"))) {
            List<String> types = j.readFrom(0, 1000).stream().map(JournalEntry::type).toList();
            for (String t : List.of("sandbox.request", "sandbox.simulation", "sandbox.verdict", "sandbox.signed",
                    "sandbox.sent", "sandbox.receipt", "sandbox.reconciliation")) {
                assertTrue(types.contains(t), "journal lacks " + t + ": " + types);
            }
        }
    }

    @Test
    void aLiveAllowIsReportedWhenDecidedBeforeAnythingIsSigned() {
        Address weth = tb.addressBook().contract("WETH");
        Address me = tb.accounts().get(4);
        Sandbox sb = sandbox(tb, defaultPolicy(tb), Mode.LIVE, dir, null, 4);
        long nonce = tb.client().nonce(me, "latest");
        List<Verdict> told = new java.util.ArrayList<>();
        List<Long> nonceWhenTold = new java.util.ArrayList<>();
        Verdict v = sb.submit(call(tb, 4, weth, BigInteger.TEN.pow(15), io.consilium.chain.abi.Abi.encodeCall("deposit()")),
                d -> {
                    told.add(d);
                    nonceWhenTold.add(tb.client().nonce(me, "pending"));
                });
        assertEquals(Verdict.Decision.ALLOW, v.decision(), v.reasons().toString());
        assertEquals("success", v.receiptStatus());
        assertEquals(1, told.size());
        assertEquals(Verdict.Decision.ALLOW, told.getFirst().decision());
        assertEquals(null, told.getFirst().txHash(), "told before signing");
        assertEquals(nonce, nonceWhenTold.getFirst(), "nothing was sent when the decision was reported");
        assertEquals(v.requestId(), told.getFirst().requestId());
    }

    @Test
    void paperModeBooksTheSimulatedOutcomeAndSignsNothing() {
        Address usdc = tb.addressBook().contract("USDC");
        Address weth = tb.addressBook().contract("WETH");
        Address router = tb.addressBook().contract("SwapRouter");
        Address me = tb.accounts().get(2);
        BigInteger amount = BigInteger.valueOf(500_000_000L);
        direct(tb, 2, usdc, approve(router, amount)); // set-up: the allowance exists
        long nonce = tb.client().nonce(me, "latest");
        Sandbox sb = sandbox(tb, defaultPolicy(tb), Mode.PAPER, dir, null, 2);
        Verdict v = sb.submit(call(tb, 2, router, BigInteger.ZERO,
                v3Single(usdc, weth, 500, me, deadline(), amount, BigInteger.ONE)));
        assertEquals(Verdict.Decision.ALLOW, v.decision(), v.reasons().toString());
        assertNull(v.txHash());
        assertEquals(nonce, tb.client().nonce(me, "latest"), "paper mode must not send anything");
        assertEquals(amount.negate(), sb.paperPortfolio().delta(me, usdc));
        assertTrue(sb.paperPortfolio().delta(me, weth).signum() > 0);
    }

    @Test // the router's own multicall runs its calls by DELEGATECALL into itself: that is not foreign code
    void v3RouterMulticallOfAllowedCallsIsAllowed() {
        Address usdc = tb.addressBook().contract("USDC");
        Address weth = tb.addressBook().contract("WETH");
        Address router = tb.addressBook().contract("SwapRouter");
        Address me = tb.accounts().get(4);
        BigInteger amount = BigInteger.valueOf(100_000_000L);
        direct(tb, 4, usdc, approve(router, amount));
        byte[] data = io.consilium.chain.abi.Abi.encodeCall("multicall(bytes[])",
                List.of(v3Single(usdc, weth, 3000, me, deadline(), amount, BigInteger.ONE)));
        Verdict v = sandbox(tb, defaultPolicy(tb), Mode.PAPER, dir, null, 4).submit(call(tb, 4, router, BigInteger.ZERO, data));
        assertEquals(Verdict.Decision.ALLOW, v.decision(), v.reasons().toString());
    }

    @Test // concurrent live requests from ONE account: each gets its own nonce from the nonce manager, all are mined
    void concurrentLiveRequestsFromOneAccountUseDistinctNonces() throws Exception {
        Address weth = tb.addressBook().contract("WETH");
        Address me = tb.accounts().get(5);
        long start = tb.client().nonce(me, "latest");
        io.consilium.chain.tx.NonceManager nm = new io.consilium.chain.tx.NonceManager(tb.client(), dir.resolve("nonces"));
        Sandbox base = sandbox(tb, defaultPolicy(tb), Mode.LIVE, dir, null, 5);
        io.consilium.sandbox.sim.ChainRpc rpc = new io.consilium.sandbox.sim.ChainRpc(tb.client());
        Sandbox sb = Sandbox.builder().rpc(rpc).simulator(new io.consilium.sandbox.sim.NodeSimulator(rpc)).policy(base.engine())
                .journal(Journal.open(dir.resolve("j-nonces"))).mode(Mode.LIVE).signer(tb.devSigner(5)).nonces(nm).build();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(5);
        List<java.util.concurrent.Future<Verdict>> fs = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fs.add(pool.submit(() -> sb.submit(call(tb, 5, weth, BigInteger.TEN.pow(15),
                    io.consilium.chain.abi.Abi.encodeCall("deposit()")).withId(java.util.UUID.randomUUID().toString()))));
        }
        // Under automine every send mines a block, so a racing request may find the chain moved past its
        // simulation three times running; it must then fail closed (stale-simulation) without a nonce.
        java.util.Set<String> hashes = new java.util.HashSet<>();
        int allowed = 0;
        for (var f : fs) {
            Verdict v = f.get();
            if (v.decision() == Verdict.Decision.DENY) {
                assertTrue(v.reasons().stream().filter(r -> r.outcome().equals("deny"))
                        .allMatch(r -> r.id().equals("stale-simulation")), v.toString());
                assertEquals(null, v.txHash(), v.toString());
                continue;
            }
            assertEquals(Verdict.Decision.ALLOW, v.decision(), v.toString());
            assertEquals("success", v.receiptStatus(), v.toString());
            hashes.add(v.txHash());
            allowed++;
        }
        pool.shutdown();
        assertTrue(allowed >= 1, "no concurrent request got through");
        assertEquals(allowed, hashes.size());
        assertEquals(start + allowed, tb.client().nonce(me, "latest"), "a nonce was skipped or reused");
    }

    @Test
    void shadowModeRecordsWhatWouldHappen() {
        Address weth = tb.addressBook().contract("WETH");
        Address me = tb.accounts().get(3);
        long nonce = tb.client().nonce(me, "latest");
        Sandbox sb = sandbox(tb, defaultPolicy(tb), Mode.SHADOW, dir, null, 3);
        Verdict v = sb.submit(call(tb, 3, weth, BigInteger.TEN.pow(18), io.consilium.chain.abi.Abi.encodeCall("deposit()")));
        assertEquals(Verdict.Decision.ALLOW, v.decision(), v.reasons().toString());
        assertEquals(nonce, tb.client().nonce(me, "latest"));
        try (Journal j = Journal.open(dir.resolve("journal"))) {
            assertTrue(j.readFrom(0, 100).stream().anyMatch(e -> e.type().equals("sandbox.shadow")));
        }
    }
}
