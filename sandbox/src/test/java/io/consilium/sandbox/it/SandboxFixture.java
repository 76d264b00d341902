package io.consilium.sandbox.it;

import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.testbed.AddressBook;
import io.consilium.chain.testbed.Testbed;
import io.consilium.sandbox.Hex;
import io.consilium.sandbox.TxRequest;
import io.consilium.sandbox.approval.ApprovalQueue;
import io.consilium.sandbox.journal.Journal;
import io.consilium.sandbox.pipeline.Mode;
import io.consilium.sandbox.pipeline.Sandbox;
import io.consilium.sandbox.policy.KillSwitch;
import io.consilium.sandbox.policy.Policy;
import io.consilium.sandbox.policy.PolicyEngine;
import io.consilium.sandbox.policy.PolicyLoader;
import io.consilium.sandbox.quote.UniswapQuoteSource;
import io.consilium.sandbox.sim.ChainRpc;
import io.consilium.sandbox.sim.JsonRpc;
import io.consilium.sandbox.sim.NodeSimulator;
import io.consilium.sandbox.sim.Simulator;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One testbed per test class, and pipelines wired to it with the shipped default policy. */
final class SandboxFixture {
    /**
     * Starts a testbed, retrying: on a loaded machine the testbed's set-up occasionally reports a step
     * "not mined within 30 s" (seen while ~8 builds shared 2 cores); a fresh anvil then succeeds.
     */
    static Testbed startTestbed() {
        RuntimeException last = null;
        for (int i = 0; i < 3; i++) {
            try {
                return Testbed.start();
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    static Path home() {
        return Path.of(System.getProperty("consilium.home"));
    }

    /** The run-time address book the policy resolves names against: contracts, tokens, pools. */
    static Map<String, Address> names(AddressBook book) {
        Map<String, Address> m = new HashMap<>(book.contracts());
        book.tokens().forEach((sym, t) -> m.put(sym, t.address()));
        book.pools().forEach((name, p) -> m.put(name, p.address()));
        return m;
    }

    static Policy defaultPolicy(Testbed tb) {
        return PolicyLoader.load(home().resolve("config/policies/default.yaml"), names(tb.addressBook()));
    }

    /**
     * The default policy with extra names, token entries and allow entries spliced in: what an operator
     * who listed (or was tricked into listing) a hostile token or contract would run.
     */
    static Policy policyWith(Testbed tb, Map<String, Address> extraNames, String extraTokens, String extraAllow) {
        try {
            String yaml = java.nio.file.Files.readString(home().resolve("config/policies/default.yaml"));
            if (extraTokens != null) {
                yaml = yaml.replace("\ntokens:\n", "\ntokens:\n" + extraTokens);
            }
            if (extraAllow != null) {
                yaml = yaml.replace("\nallow:\n", "\nallow:\n" + extraAllow);
            }
            Map<String, Address> names = new HashMap<>(names(tb.addressBook()));
            names.putAll(extraNames);
            return Policy.compile(PolicyLoader.parse(yaml, "default.yaml+test"), names, "default.yaml+test");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Sandbox sandbox(Testbed tb, Policy policy, Mode mode, Path dir, Simulator sim, int signerIndex) {
        JsonRpc rpc = new ChainRpc(tb.client());
        AddressBook b = tb.addressBook();
        return Sandbox.builder().rpc(rpc).simulator(sim == null ? new NodeSimulator(rpc) : sim)
                .policy(new PolicyEngine(policy, null, new KillSwitch(dir.resolve("KILL"))))
                .journal(Journal.open(dir.resolve("journal"))).mode(mode).signer(tb.devSigner(signerIndex))
                .quotes(new UniswapQuoteSource(rpc, b.contract("UniswapV2Router02"), b.contract("SwapRouter"),
                        b.contract("QuoterV2")))
                .approvals(new ApprovalQueue(dir.resolve("approvals"))).build();
    }

    static TxRequest call(Testbed tb, int from, Address to, BigInteger value, byte[] data) {
        return TxRequest.of(tb.chainId(), tb.accounts().get(from), to, value, data);
    }

    static long deadline() {
        return Instant.now().getEpochSecond() + 600;
    }

    static byte[] approve(Address spender, BigInteger amount) {
        return Abi.encodeCall("approve(address,uint256)", spender, amount);
    }

    static byte[] v2Swap(BigInteger amountIn, BigInteger minOut, List<Address> path, Address to, long deadline) {
        return Abi.encodeCall("swapExactTokensForTokens(uint256,uint256,address[],address,uint256)", amountIn, minOut,
                path, to, BigInteger.valueOf(deadline));
    }

    static byte[] v3Single(Address tokenIn, Address tokenOut, int fee, Address recipient, long deadline, BigInteger amountIn,
                           BigInteger minOut) {
        return Abi.encodeCall("exactInputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))",
                List.of(tokenIn, tokenOut, BigInteger.valueOf(fee), recipient, BigInteger.valueOf(deadline), amountIn,
                        minOut, BigInteger.ZERO));
    }

    static BigInteger balanceOf(Testbed tb, Address token, Address holder) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("to", token.hex());
        call.put("data", Hex.data(Abi.encodeCall("balanceOf(address)", holder)));
        return Hex.big(tb.client().rpc("eth_call", call, "latest").asText());
    }

    static BigInteger allowance(Testbed tb, Address token, Address owner, Address spender) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("to", token.hex());
        call.put("data", Hex.data(Abi.encodeCall("allowance(address,address)", owner, spender)));
        return Hex.big(tb.client().rpc("eth_call", call, "latest").asText());
    }

    /** Sends a transaction straight from a dev account, bypassing the sandbox, and waits for it (set-up only). */
    static void direct(Testbed tb, int from, Address to, byte[] data) {
        Adversaries.as(tb, from, to, BigInteger.ZERO, data);
    }
}
