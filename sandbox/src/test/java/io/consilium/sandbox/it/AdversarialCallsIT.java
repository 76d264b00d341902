package io.consilium.sandbox.it;

import static io.consilium.sandbox.it.SandboxFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.ChainId;
import io.consilium.chain.testbed.Testbed;
import io.consilium.sandbox.Hex;
import io.consilium.sandbox.TxRequest;
import io.consilium.sandbox.pipeline.Mode;
import io.consilium.sandbox.pipeline.Sandbox;
import io.consilium.sandbox.pipeline.Verdict;
import io.consilium.sandbox.sim.ChainRpc;
import io.consilium.sandbox.sim.CrossCheckedRpc;
import io.consilium.sandbox.sim.JsonRpc;
import io.consilium.sandbox.sim.JsonRpcError;
import io.consilium.sandbox.sim.NodeSimulator;
import io.consilium.sandbox.sim.Simulation;
import io.consilium.sandbox.sim.Simulator;
import io.consilium.sandbox.sim.TimeLimitedSimulator;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks through the shape of the request itself, through the real routers, and through the
 * simulator, under the shipped default policy. Each ends with nothing unsafe signed.
 */
class AdversarialCallsIT {
    static final BigInteger MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    static Testbed tb;
    static Address usdc;
    static Address weth;
    static Address v2;
    static Address v3;
    static Address stranger = Address.of("0x000000000000000000000000000000000000bEEF");

    @TempDir
    Path dir;

    @BeforeAll
    static void up() {
        tb = SandboxFixture.startTestbed();
        usdc = tb.addressBook().contract("USDC");
        weth = tb.addressBook().contract("WETH");
        v2 = tb.addressBook().contract("UniswapV2Router02");
        v3 = tb.addressBook().contract("SwapRouter");
    }

    @AfterAll
    static void down() {
        tb.close();
    }

    private Sandbox live(int victim) {
        return sandbox(tb, defaultPolicy(tb), Mode.LIVE, dir, null, victim);
    }

    private Verdict submit(int victim, Address to, BigInteger value, byte[] data) {
        return live(victim).submit(call(tb, victim, to, value, data));
    }

    private void denied(Verdict v, String rule, int victim, long nonce) {
        AdversarialTokensIT.tb = tb;
        AdversarialTokensIT.assertDenied(v, rule, tb.accounts().get(victim), nonce);
    }

    private long nonce(int i) {
        return tb.client().nonce(tb.accounts().get(i), "latest");
    }

    private Address me(int i) {
        return tb.accounts().get(i);
    }

    @Test // attack: unlimited approve (type(uint256).max) to an allowed router
    void unlimitedApproveToAllowedRouter() {
        long n = nonce(1);
        denied(submit(1, usdc, BigInteger.ZERO, approve(v2, MAX)), "approval", 1, n);
    }

    @Test // attack: "almost unlimited" approve (2^255) that dodges a naive == max check
    void nearUnlimitedApprove() {
        long n = nonce(1);
        denied(submit(1, usdc, BigInteger.ZERO, approve(v3, BigInteger.ONE.shiftLeft(255))), "approval", 1, n);
    }

    @Test // attack: exact-amount approve, but to a spender that is not an allowed router
    void exactApproveToUnknownSpender() {
        long n = nonce(1);
        denied(submit(1, usdc, BigInteger.ZERO, approve(stranger, BigInteger.TEN)), "approval", 1, n);
    }

    @Test // attack: setApprovalForAll on the position NFT to a stranger
    void setApprovalForAllIsDenied() {
        long n = nonce(1);
        Address npm = tb.addressBook().contract("NonfungiblePositionManager");
        denied(submit(1, npm, BigInteger.ZERO, Abi.encodeCall("setApprovalForAll(address,bool)", stranger, true)),
                "approval", 1, n);
    }

    @Test // attack: an unlimited approve hidden as one call of a Multicall3 aggregate3 batch
    void approveHiddenInMulticall3() {
        long n = nonce(1);
        Address mc = tb.addressBook().contract("Multicall3");
        byte[] data = Abi.encodeCall("aggregate3((address,bool,bytes)[])",
                List.of(List.of(usdc, false, approve(stranger, MAX))));
        denied(submit(1, mc, BigInteger.ZERO, data), "not-allowed", 1, n);
    }

    @Test // attack: an approve hidden inside the allowed SwapRouter's multicall, next to an honest swap
    void approveHiddenInRouterMulticall() {
        long n = nonce(2);
        byte[] swap = v3Single(usdc, weth, 500, me(2), deadline(), BigInteger.valueOf(1_000_000), BigInteger.ONE);
        byte[] data = Abi.encodeCall("multicall(bytes[])", List.of(swap, approve(stranger, MAX)));
        Verdict v = submit(2, v3, BigInteger.ZERO, data);
        denied(v, "not-allowed", 2, n);
        assertTrue(v.reasons().toString().contains("inside a multicall"), v.reasons().toString());
    }

    @Test // attack: V2 swap whose output goes to a stranger
    void v2SwapOutputToStranger() {
        long n = nonce(2);
        denied(submit(2, v2, BigInteger.ZERO, v2Swap(BigInteger.valueOf(1_000_000), BigInteger.ONE, List.of(usdc, weth),
                stranger, deadline())), "uniswap-v2-router", 2, n);
    }

    @Test // attack: V3 exactInputSingle whose recipient is a stranger
    void v3SwapOutputToStranger() {
        long n = nonce(2);
        denied(submit(2, v3, BigInteger.ZERO, v3Single(usdc, weth, 500, stranger, deadline(), BigInteger.valueOf(1_000_000),
                BigInteger.ONE)), "uniswap-v3-router", 2, n);
    }

    @Test // attack: amountOutMinimum of 0 (any price accepted; sandwich bait)
    void zeroMinimumOutput() {
        long n = nonce(2);
        Verdict v = submit(2, v3, BigInteger.ZERO, v3Single(usdc, weth, 500, me(2), deadline(), BigInteger.valueOf(1_000_000),
                BigInteger.ZERO));
        denied(v, "uniswap-v3-router", 2, n);
        assertTrue(v.reasons().toString().contains("minimum output is 0"));
    }

    @Test // attack: far-future deadline (the signed tx could be held back and mined at a bad price later)
    void farFutureDeadline() {
        long n = nonce(2);
        Verdict v = submit(2, v2, BigInteger.ZERO, v2Swap(BigInteger.valueOf(1_000_000), BigInteger.ONE, List.of(usdc, weth),
                me(2), deadline() + 365L * 86_400));
        denied(v, "uniswap-v2-router", 2, n);
        assertTrue(v.reasons().toString().contains("ahead"));
    }

    @Test // attack: deadline already expired
    void expiredDeadline() {
        long n = nonce(2);
        Verdict v = submit(2, v2, BigInteger.ZERO, v2Swap(BigInteger.valueOf(1_000_000), BigInteger.ONE, List.of(usdc, weth),
                me(2), 1_000_000));
        denied(v, "uniswap-v2-router", 2, n);
    }

    @Test // attack: contract creation (to = null with init code)
    void topLevelContractCreation() {
        long n = nonce(3);
        Verdict v = live(3).submit(TxRequest.of(tb.chainId(), me(3), null, BigInteger.ZERO, Adversaries.bytecode("Dummy")));
        denied(v, "contract-creation", 3, n);
    }

    @Test // attack: sending to the zero address (burning funds)
    void zeroAddressTarget() {
        long n = nonce(3);
        denied(submit(3, Address.ZERO, BigInteger.TEN.pow(18), new byte[0]), "zero-address", 3, n);
    }

    @Test // attack: wrong chain id (a request meant for mainnet replayed here, or vice versa)
    void wrongChainId() {
        long n = nonce(3);
        Verdict v = live(3).submit(TxRequest.of(ChainId.MAINNET, me(3), weth, BigInteger.ONE, Abi.encodeCall("deposit()")));
        denied(v, "chain", 3, n);
    }

    @Test // attack: a single swap above the per-transaction caps (token and USD)
    void perTransactionCap() {
        BigInteger amount = BigInteger.valueOf(20_000_000_000L); // 20,000 USDC
        direct(tb, 4, usdc, approve(v2, amount));
        long n = nonce(4);
        denied(submit(4, v2, BigInteger.ZERO, v2Swap(amount, BigInteger.ONE, List.of(usdc, weth), me(4), deadline())),
                "token-cap", 4, n);
    }

    @Test // attack: many small transactions, sent concurrently, that jointly break the daily cap
    void concurrentSmallTransactionsCannotJointlyBreakTheDailyCap() throws Exception {
        Sandbox sb = live(0); // one pipeline, many senders (each request signed by its own dev key)
        Sandbox multi = Sandbox.builder().rpc(new ChainRpc(tb.client())).simulator(new NodeSimulator(new ChainRpc(tb.client())))
                .policy(sb.engine()).journal(io.consilium.sandbox.journal.Journal.open(dir.resolve("j2"))).mode(Mode.LIVE)
                .signers(a -> {
                    int i = tb.accounts().indexOf(a);
                    return i < 0 ? java.util.Optional.empty() : java.util.Optional.of(tb.devSigner(i));
                }).build();
        BigInteger three = BigInteger.valueOf(3).multiply(BigInteger.TEN.pow(18)); // 3 ETH ≈ 9,000 USD each
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Verdict>> fs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int acct = i;
            fs.add(pool.submit(() -> multi.submit(call(tb, acct, weth, three, Abi.encodeCall("deposit()")))));
        }
        int allowed = 0;
        int capped = 0;
        for (Future<Verdict> f : fs) {
            Verdict v = f.get();
            if (v.decision() == Verdict.Decision.ALLOW) {
                allowed++;
                assertEquals("success", v.receiptStatus(), v.toString());
            } else if (v.reasons().stream().anyMatch(r -> r.id().equals("window-cap"))) {
                capped++;
            }
        }
        pool.shutdown();
        // native cap 20 ETH per day → at most 6 deposits of 3 ETH; the rest must be refused
        assertEquals(6, allowed);
        assertEquals(4, capped);
    }

    @Test // attack: the same request (same id) replayed after it was accepted
    void replayedRequestIsDenied() {
        Sandbox sb = live(5);
        TxRequest r = call(tb, 5, weth, BigInteger.TEN.pow(16), Abi.encodeCall("deposit()")).withId("order-42");
        assertEquals(Verdict.Decision.ALLOW, sb.submit(r).decision());
        long n = nonce(5);
        denied(sb.submit(r), "replay", 5, n);
    }

    @Test // attack: the simulator hangs (timeout) — fail closed
    void simulatorTimeoutFailsClosed() {
        Simulator slow = new Simulator() {
            public Simulation simulate(io.consilium.chain.tx.Eip1559Tx tx, Address from, java.util.Set<Address> holders) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("unreachable");
            }

            public long headBlock() {
                return 0;
            }
        };
        long n = nonce(6);
        Verdict v = sandbox(tb, defaultPolicy(tb), Mode.LIVE, dir, new TimeLimitedSimulator(slow, Duration.ofMillis(200)), 6)
                .submit(call(tb, 6, weth, BigInteger.ONE, Abi.encodeCall("deposit()")));
        denied(v, "simulation-error", 6, n);
    }

    @Test // attack: the node does not support the trace method (unknown method error) — fail closed
    void simulatorRpcErrorFailsClosed() {
        JsonRpc real = new ChainRpc(tb.client());
        JsonRpc broken = (m, p) -> {
            if (m.startsWith("debug_")) {
                throw new JsonRpcError(m, -32601, "the method " + m + " does not exist/is not available");
            }
            return real.call(m, p);
        };
        long n = nonce(6);
        Verdict v = sandbox(tb, defaultPolicy(tb), Mode.LIVE, dir, new NodeSimulator(broken), 6)
                .submit(call(tb, 6, weth, BigInteger.ONE, Abi.encodeCall("deposit()")));
        denied(v, "simulation-error", 6, n);
    }

    @Test // attack: two endpoints give different answers (one lies about balances) — fail closed
    void inconsistentEndpointsFailClosed() {
        JsonRpc real = new ChainRpc(tb.client());
        JsonRpc liar = (m, p) -> {
            var r = real.call(m, p);
            if (m.equals("eth_call") && r.isTextual() && r.asText().length() == 66) {
                return new TextNode(Hex.word(Hex.big(r.asText()).add(BigInteger.ONE)));
            }
            return r;
        };
        long n = nonce(6);
        direct(tb, 6, usdc, approve(v2, BigInteger.valueOf(1_000_000)));
        n = nonce(6);
        Verdict v = sandbox(tb, defaultPolicy(tb), Mode.LIVE, dir, new NodeSimulator(new CrossCheckedRpc(real, liar)), 6)
                .submit(call(tb, 6, v2, BigInteger.ZERO, v2Swap(BigInteger.valueOf(1_000_000), BigInteger.ONE,
                        List.of(usdc, weth), me(6), deadline())));
        denied(v, "simulation-error", 6, n);
    }

    @Test // attack: gas limit far above the cap (drains ETH on a gas-burning target)
    void gasCapExceeded() {
        long n = nonce(7);
        TxRequest r = new TxRequest(null, tb.chainId(), me(7), weth, BigInteger.ONE, Abi.encodeCall("deposit()"),
                BigInteger.valueOf(10_000_000), null, null, null);
        denied(live(7).submit(r), "gas-cap", 7, n);
    }

    @Test // attack: absurd fee per gas (a fee-drain through priority fees)
    void feeCapExceeded() {
        long n = nonce(7);
        TxRequest r = new TxRequest(null, tb.chainId(), me(7), weth, BigInteger.ONE, Abi.encodeCall("deposit()"), null,
                BigInteger.TEN.pow(15), BigInteger.TEN.pow(15), null);
        denied(live(7).submit(r), "fee-cap", 7, n);
    }

    @Test // kill switch: engaged by its file, everything is denied, even an honest deposit
    void killSwitchBlocksEverything() throws Exception {
        Sandbox sb = live(8);
        java.nio.file.Files.writeString(dir.resolve("KILL"), "incident 7\n");
        long n = nonce(8);
        denied(sb.submit(call(tb, 8, weth, BigInteger.ONE, Abi.encodeCall("deposit()"))), "kill-switch", 8, n);
        sb.engine().killSwitch().release();
        assertEquals(Verdict.Decision.ALLOW, sb.submit(call(tb, 8, weth, BigInteger.ONE, Abi.encodeCall("deposit()"))).decision());
    }
}
