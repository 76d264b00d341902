package io.consilium.sandbox.it;

import static io.consilium.sandbox.it.Adversaries.ATTACKER;
import static io.consilium.sandbox.it.Adversaries.as;
import static io.consilium.sandbox.it.SandboxFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.testbed.Testbed;
import io.consilium.sandbox.Hex;
import io.consilium.sandbox.pipeline.Mode;
import io.consilium.sandbox.pipeline.Sandbox;
import io.consilium.sandbox.pipeline.Verdict;
import io.consilium.sandbox.policy.Policy;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks by hostile tokens and contracts, deployed on the real testbed. The policy used LISTS the
 * hostile token or contract (as a careless or tricked operator would), so the deeper defences —
 * balances read before/after, the trace, the independent quote — are what must stop them. Every test
 * runs in live mode and checks that the victim's nonce did not move: nothing was signed.
 */
class AdversarialTokensIT {
    static Testbed tb;
    static Address weth;
    static Address v2;
    static Address stranger;
    static Address fot;
    static Address liar;
    static Address honey;
    static Address backdoor;
    static Address vault;
    static Address symbolToken;

    @TempDir
    Path dir;

    @BeforeAll
    static void up() {
        tb = SandboxFixture.startTestbed();
        weth = tb.addressBook().contract("WETH");
        v2 = tb.addressBook().contract("UniswapV2Router02");
        stranger = Address.of("0x000000000000000000000000000000000000bEEF");
        fot = Adversaries.evilToken(tb, "FOT");
        Adversaries.poolWithEth(tb, fot);
        as(tb, ATTACKER, fot, BigInteger.ZERO, Abi.encodeCall("setFee(uint256)", BigInteger.valueOf(1000)));
        liar = Adversaries.evilToken(tb, "LIAR");
        Adversaries.poolWithEth(tb, liar);
        as(tb, ATTACKER, liar, BigInteger.ZERO, Abi.encodeCall("setLie(bool)", true));
        honey = Adversaries.evilToken(tb, "HONEY");
        Address honeyPair = Adversaries.poolWithEth(tb, honey);
        as(tb, ATTACKER, honey, BigInteger.ZERO, Abi.encodeCall("blockSells(address)", honeyPair));
        backdoor = Adversaries.evilToken(tb, "BACK");
        Adversaries.poolWithEth(tb, backdoor);
        as(tb, ATTACKER, backdoor, BigInteger.ZERO, Abi.encodeCall("setBackdoor(address)", stranger));
        symbolToken = Adversaries.evilToken(tb, "SYM");
        as(tb, ATTACKER, symbolToken, BigInteger.ZERO, Abi.encodeCall("setSymbol(string)", stranger.toString()));
        vault = Adversaries.deploy(tb, "AttackVault", Abi.encodeArgs("(address)", stranger));
    }

    @AfterAll
    static void down() {
        tb.close();
    }

    private Sandbox sandboxListing(int victim) {
        String tokens = "  - {token: FOT, decimals: 18, maxPerTx: \"100000\", usdPrice: 1}\n"
                + "  - {token: LIAR, decimals: 18, maxPerTx: \"100000\", usdPrice: 1}\n"
                + "  - {token: HONEY, decimals: 18, maxPerTx: \"100000\", usdPrice: 1}\n"
                + "  - {token: BACK, decimals: 18, maxPerTx: \"100000\", usdPrice: 1}\n";
        String allow = """
                  - id: vault
                    contract: Vault
                    functions:
                      - {signature: "execute(address,bytes)", payable: true}
                      - {signature: "deploy()"}
                      - {signature: "deposit()", payable: true}
                      - {signature: "permitAndPull(address,address,address,uint256)"}
                """;
        Policy p = policyWith(tb, Map.of("FOT", fot, "LIAR", liar, "HONEY", honey, "BACK", backdoor, "Vault", vault),
                tokens, allow);
        return sandbox(tb, p, Mode.LIVE, dir, null, victim);
    }

    private static byte[] buyWithEth(Address token, Address recipient) {
        return Abi.encodeCall("swapExactETHForTokens(uint256,address[],address,uint256)", BigInteger.ONE,
                List.of(weth, token), recipient, BigInteger.valueOf(deadline()));
    }

    /** Asserts a denial naming {@code rule}, and that the victim signed nothing (nonce unchanged). */
    static void assertDenied(Verdict v, String rule, Address victim, long nonceBefore) {
        assertEquals(Verdict.Decision.DENY, v.decision(), v.reasons().toString());
        assertTrue(v.reasons().stream().anyMatch(r -> r.id().equals(rule) && r.outcome().equals("deny")),
                "expected a '" + rule + "' denial, got " + v.reasons());
        assertEquals(null, v.txHash());
        assertEquals(nonceBefore, tb.client().nonce(victim, "latest"), "something was signed and sent");
    }

    private long nonce(int i) {
        return tb.client().nonce(tb.accounts().get(i), "latest");
    }

    @Test // attack: fee-on-transfer token pays 10% less than the pool quotes (and its Transfer event claims the full amount)
    void feeOnTransferTokenIsCaughtBySlippageAgainstTheQuote() {
        long n = nonce(1);
        Verdict v = sandboxListing(1).submit(call(tb, 1, v2, BigInteger.TEN.pow(16), buyWithEth(fot, tb.accounts().get(1))));
        assertDenied(v, "slippage", tb.accounts().get(1), n);
    }

    @Test // attack: token whose Transfer events lie — the event says tokens arrived, the balance says nothing did
    void lyingTransferEventsAreCaughtByBalanceReads() {
        long n = nonce(1);
        Verdict v = sandboxListing(1).submit(call(tb, 1, v2, BigInteger.TEN.pow(16), buyWithEth(liar, tb.accounts().get(1))));
        assertDenied(v, "lying-events", tb.accounts().get(1), n);
        assertTrue(v.assetChanges().stream().noneMatch(c -> c.token().equals(liar) && c.holder().equals(tb.accounts().get(1))),
                "asset changes must come from balances, not from the lying events");
    }

    @Test // attack: honeypot — buying works, the sell-back reverts
    void honeypotSellThatRevertsIsDenied() {
        Address me = tb.accounts().get(2);
        BigInteger amt = BigInteger.TEN.pow(18);
        as(tb, ATTACKER, honey, BigInteger.ZERO, Abi.encodeCall("mint(address,uint256)", me, amt));
        as(tb, 2, honey, BigInteger.ZERO, Abi.encodeCall("approve(address,uint256)", v2, amt));
        long n = nonce(2);
        byte[] sell = Abi.encodeCall("swapExactTokensForETH(uint256,uint256,address[],address,uint256)", amt,
                BigInteger.ONE, List.of(honey, weth), me, BigInteger.valueOf(deadline()));
        assertDenied(sandboxListing(2).submit(call(tb, 2, v2, BigInteger.ZERO, sell)), "simulation", me, n);
    }

    @Test // attack: a listed token plants an unlimited approval for an attacker (via tx.origin) when we buy it
    void hiddenApprovalPlantedDuringASwapIsSeenInTheAllowanceReads() {
        long n = nonce(3);
        Verdict v = sandboxListing(3).submit(call(tb, 3, v2, BigInteger.TEN.pow(16), buyWithEth(backdoor, tb.accounts().get(3))));
        assertDenied(v, "approval", tb.accounts().get(3), n);
        assertTrue(v.assetChanges().stream().anyMatch(c -> c.spender() != null && c.spender().equals(stranger)));
    }

    @Test // attack: an unlisted token (no policy entry) is bought through an allowed router
    void unlistedTokenIsDenied() {
        long n = nonce(4);
        Verdict v = sandbox(tb, defaultPolicy(tb), Mode.LIVE, dir, null, 4)
                .submit(call(tb, 4, v2, BigInteger.TEN.pow(16), buyWithEth(fot, tb.accounts().get(4))));
        assertDenied(v, "unknown-token", tb.accounts().get(4), n);
    }

    @Test // attack: recipient taken from a token's symbol(), which the attacker set to their own address
    void recipientReadFromTokenSymbolIsDenied() {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("to", symbolToken.hex());
        call.put("data", Hex.data(Abi.encodeCall("symbol()")));
        String sym = (String) Abi.decode("(string)", Hex.bytes(tb.client().rpc("eth_call", call, "latest").asText())).getFirst();
        Address planted = Address.of(sym); // what a naive agent would do with "send to the token's address"
        long n = nonce(4);
        Verdict v = sandbox(tb, defaultPolicy(tb), Mode.LIVE, dir, null, 4).submit(call(tb, 4, v2, BigInteger.TEN.pow(16),
                buyWithEth(tb.addressBook().contract("USDC"), planted)));
        assertDenied(v, "uniswap-v2-router", tb.accounts().get(4), n);
        assertTrue(v.reasons().toString().contains("recipient"));
    }

    @Test // attack: an allow-listed "vault" delegatecalls into arbitrary code
    void delegatecallIntoForeignCodeIsDenied() {
        long n = nonce(5);
        Address dummy = Adversaries.deploy(tb, "Dummy", new byte[0]);
        byte[] data = Abi.encodeCall("execute(address,bytes)", dummy, Abi.encodeCall("x()"));
        assertDenied(sandboxListing(5).submit(call(tb, 5, vault, BigInteger.ZERO, data)), "delegatecall", tb.accounts().get(5), n);
    }

    @Test // attack: an allow-listed contract deploys a new contract as a side effect
    void contractCreationInsideTheTraceIsDenied() {
        long n = nonce(5);
        assertDenied(sandboxListing(5).submit(call(tb, 5, vault, BigInteger.ZERO, Abi.encodeCall("deploy()"))),
                "contract-creation", tb.accounts().get(5), n);
    }

    @Test // attack: a payable "deposit" that forwards our ETH onward to the attacker
    void ethForwardedOnwardByAnAllowedPayableFunctionIsDenied() {
        long n = nonce(6);
        assertDenied(sandboxListing(6).submit(call(tb, 6, vault, BigInteger.TEN.pow(17), Abi.encodeCall("deposit()"))),
                "value-flow", tb.accounts().get(6), n);
    }

    @Test // attack: plain ETH transfer to a contract whose payable fallback forwards it to the attacker
    void ethSentToAForwardingFallbackIsDenied() {
        long n = nonce(6);
        Verdict v = sandboxListing(6).submit(call(tb, 6, vault, BigInteger.TEN.pow(17), new byte[0]));
        assertDenied(v, "plain-transfer", tb.accounts().get(6), n);
        assertTrue(v.reasons().stream().anyMatch(r -> r.id().equals("value-flow")), v.reasons().toString());
    }

    @Test // attack: EIP-2612 permit for our tokens, granted to an unknown spender inside an allowed contract's call
    void nestedPermitToUnknownSpenderIsDenied() {
        Address me = tb.accounts().get(7);
        long n = nonce(7);
        byte[] data = Abi.encodeCall("permitAndPull(address,address,address,uint256)", backdoor, me, stranger,
                BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE));
        assertDenied(sandboxListing(7).submit(call(tb, 7, vault, BigInteger.ZERO, data)), "permit", me, n);
    }

    @Test // attack: a top-level EIP-2612 permit call from our account to an unknown spender
    void topLevelPermitToUnknownSpenderIsDenied() {
        Address me = tb.accounts().get(7);
        long n = nonce(7);
        byte[] data = Abi.encodeCall("permit(address,address,uint256,uint256,uint8,bytes32,bytes32)", me, stranger,
                BigInteger.valueOf(100), BigInteger.valueOf(deadline()), BigInteger.valueOf(27), new byte[32], new byte[32]);
        assertDenied(sandboxListing(7).submit(call(tb, 7, backdoor, BigInteger.ZERO, data)), "permit", me, n);
    }

    @Test // sanity: the same listing policy still allows an honest swap (the defences are not just "deny all")
    void honestSwapUnderTheListingPolicyIsAllowed() {
        Verdict v = sandboxListing(8).submit(call(tb, 8, v2, BigInteger.TEN.pow(16),
                buyWithEth(tb.addressBook().contract("USDC"), tb.accounts().get(8))));
        assertEquals(Verdict.Decision.ALLOW, v.decision(), v.reasons().toString());
        assertEquals("success", v.receiptStatus());
    }
}
