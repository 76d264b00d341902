package io.consilium.sandbox.it;

import static io.consilium.sandbox.it.SandboxFixture.*;

import io.consilium.chain.domain.Address;
import io.consilium.chain.testbed.Testbed;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.sandbox.TxRequest;
import io.consilium.sandbox.pipeline.Mode;
import io.consilium.sandbox.pipeline.Sandbox;
import io.consilium.sandbox.pipeline.Verdict;
import io.consilium.sandbox.policy.Facts;
import io.consilium.sandbox.policy.KillSwitch;
import io.consilium.sandbox.policy.Policy;
import io.consilium.sandbox.policy.PolicyEngine;
import io.consilium.sandbox.policy.PolicyLoader;
import io.consilium.sandbox.sim.ChainRpc;
import io.consilium.sandbox.sim.ForkSimulator;
import io.consilium.sandbox.sim.NodeSimulator;
import io.consilium.sandbox.sim.Simulation;
import io.consilium.sandbox.sim.Simulator;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Request → verdict latency on the testbed (build + simulation + quote + policy + journal, paper mode),
 * median and p99 over 200 requests, for the on-node and the fork simulator; then policy evaluation
 * throughput alone on a recorded simulation. Prints; asserts nothing.
 */
public final class SandboxBench {
    private SandboxBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        try (Testbed tb = startTestbed()) {
            Path dir = Files.createTempDirectory("sandbox-bench");
            String yaml = Files.readString(home().resolve("config/policies/default.yaml"))
                    .replace("maxRequests: 120", "maxRequests: 1000000");
            Policy policy = Policy.compile(PolicyLoader.parse(yaml, "bench"), names(tb.addressBook()), "bench");
            Address usdc = tb.addressBook().contract("USDC");
            Address weth = tb.addressBook().contract("WETH");
            Address router = tb.addressBook().contract("UniswapV2Router02");
            Address me = tb.accounts().get(1);
            BigInteger amount = BigInteger.valueOf(10_000_000); // 10 USDC per swap
            direct(tb, 1, usdc, approve(router, amount.multiply(BigInteger.valueOf(10L * n))));
            TxRequest swap = call(tb, 1, router, BigInteger.ZERO, v2Swap(amount, BigInteger.ONE, List.of(usdc, weth), me, deadline()));

            run("node-trace", tb, policy, new NodeSimulator(new ChainRpc(tb.client())), swap, n, dir.resolve("node"));
            try (ForkSimulator fork = ForkSimulator.start(ForkSimulator.locateAnvil(home()), tb.rpcUrl(), new ChainRpc(tb.client()))) {
                run("fork", tb, policy, fork, swap, n, dir.resolve("fork"));
            }

            // policy evaluation alone, on one recorded simulation
            Simulation sim = new NodeSimulator(new ChainRpc(tb.client())).simulate(new Eip1559Tx(tb.chainId(),
                    tb.client().nonce(me, "latest"), BigInteger.ONE, BigInteger.TEN.pow(10), BigInteger.valueOf(300_000), router,
                    BigInteger.ZERO, swap.data()), me, Set.of(me));
            Eip1559Tx tx = new Eip1559Tx(tb.chainId(), 0, BigInteger.ONE, BigInteger.TEN.pow(10), BigInteger.valueOf(300_000),
                    router, BigInteger.ZERO, swap.data());
            PolicyEngine engine = new PolicyEngine(policy, null, new KillSwitch(null));
            Facts f = new Facts(tx, me, Set.of(me), tb.chainId(), sim, Instant.now(), Optional.empty());
            for (int i = 0; i < 20_000; i++) {
                engine.release(engine.evaluate(f, List.of(), null, true), null); // warm-up
            }
            int iters = 200_000;
            long t0 = System.nanoTime();
            int allowed = 0;
            for (int i = 0; i < iters; i++) {
                PolicyEngine.Decision d = engine.evaluate(f, List.of(), null, true);
                if (d.allowed()) {
                    allowed++;
                    engine.release(d, null);
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("policy evaluation alone: %d evaluations in %.2f s = %.0f/s (%.1f us each; %d allowed) on %d call frames, %d asset changes%n",
                    iters, secs, iters / secs, secs * 1e6 / iters, allowed, sim.calls().size(), sim.assetChanges().size());
        }
    }

    private static void run(String name, Testbed tb, Policy policy, Simulator sim, TxRequest swap, int n, Path dir) {
        try (io.consilium.sandbox.journal.Journal journal = io.consilium.sandbox.journal.Journal.open(dir.resolve("journal"))) {
            run(name, tb, policy, sim, swap, n, journal);
        }
    }

    private static void run(String name, Testbed tb, Policy policy, Simulator sim, TxRequest swap, int n,
                            io.consilium.sandbox.journal.Journal journal) {
        ChainRpc rpc = new ChainRpc(tb.client());
        Sandbox sb = Sandbox.builder().rpc(rpc).simulator(sim).policy(new PolicyEngine(policy, null, new KillSwitch(null)))
                .journal(journal).mode(Mode.PAPER)
                .quotes(new io.consilium.sandbox.quote.UniswapQuoteSource(rpc, tb.addressBook().contract("UniswapV2Router02"),
                        tb.addressBook().contract("SwapRouter"), tb.addressBook().contract("QuoterV2"))).build();
        for (int i = 0; i < 20; i++) {
            sb.submit(swap.withId("warm-" + name + i));
        }
        long[] nanos = new long[n];
        int allowed = 0;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            Verdict v = sb.submit(swap.withId(name + "-" + i));
            nanos[i] = System.nanoTime() - t0;
            allowed += v.decision() == Verdict.Decision.ALLOW ? 1 : 0;
        }
        Arrays.sort(nanos);
        System.out.printf("request -> verdict (%s simulator, V2 swap, paper mode): n=%d median %.1f ms, p99 %.1f ms, max %.1f ms (%d allowed)%n",
                name, n, nanos[n / 2] / 1e6, nanos[(int) Math.ceil(n * 0.99) - 1] / 1e6, nanos[n - 1] / 1e6, allowed);
    }
}
