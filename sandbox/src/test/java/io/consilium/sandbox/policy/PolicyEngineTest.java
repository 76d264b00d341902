package io.consilium.sandbox.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.ChainId;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.sandbox.sim.AssetChange;
import io.consilium.sandbox.sim.CallFrame;
import io.consilium.sandbox.sim.Simulation;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The engine on hand-made simulations (no chain): deny by default, deny beats allow, caps, approvals, budgets. */
class PolicyEngineTest {
    static final Map<String, Address> NAMES = PolicyLoaderTest.testbedNames();
    static final Address ME = Address.of("0x00000000000000000000000000000000000000aa");
    static final Address USDC = NAMES.get("USDC");
    static final Address WETH = NAMES.get("WETH");
    static final Address ROUTER = NAMES.get("UniswapV2Router02");

    static Policy policy() {
        return PolicyLoader.load(PolicyLoaderTest.defaultYaml(), NAMES);
    }

    static Eip1559Tx tx(Address to, BigInteger value, byte[] data) {
        return new Eip1559Tx(ChainId.ANVIL, 0, BigInteger.ONE, BigInteger.TEN.pow(9), BigInteger.valueOf(200_000), to, value, data);
    }

    static Facts facts(Eip1559Tx tx, List<AssetChange> changes) {
        Simulation sim = new Simulation("fake", 10, true, null, BigInteger.valueOf(50_000),
                List.of(new CallFrame(0, "CALL", ME, tx.to(), tx.value(), io.consilium.sandbox.Hex.data(tx.data()), null)),
                List.of(), changes);
        return new Facts(tx, ME, Set.of(ME), ChainId.ANVIL, sim, Instant.now(), Optional.empty());
    }

    static PolicyEngine.Decision eval(PolicyEngine e, Facts f) {
        return e.evaluate(f, e.precheck(f, null, false), null, false);
    }

    static byte[] swap(BigInteger in, BigInteger minOut, Address to, long deadline) {
        return Abi.encodeCall("swapExactTokensForTokens(uint256,uint256,address[],address,uint256)", in, minOut,
                List.of(USDC, WETH), to, BigInteger.valueOf(deadline));
    }

    @Test
    void unknownContractIsDeniedByDefault() {
        PolicyEngine e = new PolicyEngine(policy(), null, new KillSwitch(null));
        PolicyEngine.Decision d = eval(e, facts(tx(Address.of("0x00000000000000000000000000000000000000ff"), BigInteger.ZERO,
                Abi.encodeCall("doSomething()")), List.of()));
        assertEquals(RuleResult.Outcome.DENY, d.outcome());
        assertEquals("not-allowed", d.reasons().getFirst().id());
    }

    @Test
    void honestSwapIsAllowedAndAMatchingDenyBeatsTheAllow() {
        byte[] data = swap(BigInteger.valueOf(1_000_000), BigInteger.ONE, ME, Instant.now().getEpochSecond() + 60);
        List<AssetChange> changes = List.of(AssetChange.balance(USDC, ME, BigInteger.valueOf(5_000_000), BigInteger.valueOf(4_000_000)),
                AssetChange.balance(WETH, ME, BigInteger.ZERO, BigInteger.valueOf(300_000_000_000_000L)));
        PolicyEngine ok = new PolicyEngine(policy(), null, new KillSwitch(null));
        assertEquals(RuleResult.Outcome.ALLOW, eval(ok, facts(tx(ROUTER, BigInteger.ZERO, data), changes)).outcome());

        Policy p = policy();
        Map<String, String> denied = new java.util.HashMap<>(p.deniedSelectors());
        denied.put(Abi.selectorOf(data), "no-v2-swaps");
        Policy strict = new Policy(p.source(), p.chains(), p.ownAccounts(), p.addressBook(), p.allowed(), p.deniedContracts(),
                denied, p.approvalSpenders(), p.approvalMax(), p.allowUnlimitedApprovals(), p.tokens(), p.usdMaxPerTx(),
                p.usdMaxPerWindow(), p.windowSeconds(), p.maxSlippageBps(), p.maxDeadlineSeconds(), p.maxGas(), p.maxFeePerGas(),
                p.maxPriorityFeePerGas(), p.maxRequests(), p.ratePerSeconds(), p.replayWindowSeconds(), p.killSwitchFile(),
                p.humanApprovalAboveUsd(), p.humanApprovalTimeoutSeconds());
        PolicyEngine.Decision d = eval(new PolicyEngine(strict, null, new KillSwitch(null)), facts(tx(ROUTER, BigInteger.ZERO, data), changes));
        assertEquals(RuleResult.Outcome.DENY, d.outcome());
        assertTrue(d.reasons().stream().anyMatch(r -> r.id().equals("no-v2-swaps")));
        assertTrue(d.reasons().stream().anyMatch(r -> r.outcome() == RuleResult.Outcome.ALLOW), "the allow still matched, and lost");
    }

    @Test
    void approvalsMustBeExactAndToAllowedSpenders() {
        PolicyEngine e = new PolicyEngine(policy(), null, new KillSwitch(null));
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        assertEquals(RuleResult.Outcome.DENY, eval(e, facts(tx(USDC, BigInteger.ZERO,
                Abi.encodeCall("approve(address,uint256)", ROUTER, max)), List.of())).outcome());
        assertEquals(RuleResult.Outcome.ALLOW, eval(e, facts(tx(USDC, BigInteger.ZERO,
                Abi.encodeCall("approve(address,uint256)", ROUTER, BigInteger.TEN)), List.of())).outcome());
        // an allowance the calldata never asked for, seen only in the before/after reads
        Address thief = Address.of("0x00000000000000000000000000000000000000ee");
        PolicyEngine.Decision d = eval(e, facts(tx(USDC, BigInteger.ZERO, Abi.encodeCall("approve(address,uint256)", ROUTER, BigInteger.TEN)),
                List.of(AssetChange.allowance(USDC, ME, thief, BigInteger.ZERO, max))));
        assertEquals(RuleResult.Outcome.DENY, d.outcome());
    }

    @Test
    void humanApprovalAboveThresholdAndKillSwitch() {
        byte[] data = swap(BigInteger.valueOf(12_000_000_000L), BigInteger.ONE, ME, Instant.now().getEpochSecond() + 60);
        List<AssetChange> changes = List.of(AssetChange.balance(USDC, ME, BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(8_000_000_000L)));
        PolicyEngine e = new PolicyEngine(policy(), null, new KillSwitch(null));
        assertEquals(RuleResult.Outcome.PENDING, eval(e, facts(tx(ROUTER, BigInteger.ZERO, data), changes)).outcome());
        e.killSwitch().engage("test");
        assertEquals("kill-switch", eval(e, facts(tx(ROUTER, BigInteger.ZERO, data), changes)).reasons().getFirst().id());
    }

    @Test
    void concurrentReservationsNeverExceedTheWindowCap() throws Exception {
        PolicyEngine e = new PolicyEngine(policy(), null, new KillSwitch(null));
        BigInteger each = BigInteger.valueOf(9_000_000_000L); // 9,000 USDC; window cap 60,000 → 6 fit
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<PolicyEngine.Decision>> fs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] data = swap(each, BigInteger.ONE, ME, Instant.now().getEpochSecond() + 60 + i);
            List<AssetChange> ch = List.of(AssetChange.balance(USDC, ME, each, BigInteger.ZERO));
            fs.add(pool.submit(() -> eval(e, facts(tx(ROUTER, BigInteger.ZERO, data), ch))));
        }
        long allowed = 0;
        for (Future<PolicyEngine.Decision> f : fs) {
            allowed += f.get().allowed() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(6, allowed);
        assertEquals(BigInteger.valueOf(54_000_000_000L), e.ledger().used(USDC.hex(), System.currentTimeMillis()));
    }
}
