package io.consilium.sandbox.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.domain.Address;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.sandbox.Hex;
import io.consilium.sandbox.SandboxUserError;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Simulates on a local anvil fork of the upstream chain ({@code --fork-url URL --fork-block-number N}),
 * kept warm: each simulation takes an {@code evm_snapshot}, executes the real transaction as the
 * impersonated sender, reads the trace and every balance/allowance at N and N+1, then
 * {@code evm_revert}s. When upstream has moved on, the fork is re-pointed at the new head with
 * {@code anvil_reset}. A bundle runs its transactions one after another inside one snapshot. One
 * simulation at a time.
 */
public final class ForkSimulator implements BundleSimulator {
    private final JsonRpc upstream;
    private final String upstreamUrl;
    private final Process anvil;
    private final ChainClient forkClient;
    private final JsonRpc fork;
    private long forkBlock;

    private ForkSimulator(JsonRpc upstream, String upstreamUrl, Process anvil, ChainClient forkClient, long forkBlock) {
        this.upstream = upstream;
        this.upstreamUrl = upstreamUrl;
        this.anvil = anvil;
        this.forkClient = forkClient;
        this.fork = new ChainRpc(forkClient);
        this.forkBlock = forkBlock;
    }

    /** Starts the fork at upstream's current head. {@code anvil} is the binary (see {@link #locateAnvil}). */
    public static ForkSimulator start(Path anvilBinary, String upstreamUrl, JsonRpc upstream) {
        long head = Hex.big(upstream.call("eth_blockNumber").asText()).longValueExact();
        int port = freePort();
        Process p;
        try {
            p = new ProcessBuilder(anvilBinary.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--fork-url", upstreamUrl, "--fork-block-number", Long.toString(head), "--no-rate-limit")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new SandboxUserError("cannot start anvil for the fork simulator (" + anvilBinary + "): " + e.getMessage());
        }
        ChainClient c = ChainClient.builder().endpoint("http://127.0.0.1:" + port).retries(1)
                .readTimeout(Duration.ofSeconds(30)).build();
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            try {
                c.rpc("eth_chainId");
                break;
            } catch (RuntimeException e) {
                if (System.currentTimeMillis() > deadline || !p.isAlive()) {
                    p.destroyForcibly();
                    c.close();
                    throw new SimulationFailure("the anvil fork did not come up on port " + port, e);
                }
                sleep(20);
            }
        }
        return new ForkSimulator(upstream, upstreamUrl, p, c, head);
    }

    /** The anvil of the pinned npm package under {@code home}/npm/node_modules. */
    public static Path locateAnvil(Path home) {
        Path modules = home.resolve("npm/node_modules");
        for (Path cand : List.of(modules.resolve("@foundry-rs/anvil-linux-amd64/bin/anvil"),
                modules.resolve("@foundry-rs/anvil-linux-arm64/bin/anvil"), modules.resolve("@foundry-rs/anvil-darwin-arm64/bin/anvil"),
                modules.resolve("@foundry-rs/anvil-darwin-amd64/bin/anvil"), modules.resolve(".bin/anvil"))) {
            if (Files.isExecutable(cand)) {
                return cand;
            }
        }
        throw new SandboxUserError("anvil not found under " + modules + ": run ./consilium once or (cd npm && npm ci)");
    }

    @Override
    public long headBlock() {
        try {
            return Hex.big(upstream.call("eth_blockNumber").asText()).longValueExact();
        } catch (RuntimeException e) {
            throw new SimulationFailure("cannot read the upstream head block: " + e.getMessage(), e);
        }
    }

    @Override
    public Simulation simulate(Eip1559Tx tx, Address from, Set<Address> holders) {
        return simulateBundle(List.of(tx), from, holders).getFirst();
    }

    @Override
    public synchronized List<Simulation> simulateBundle(List<Eip1559Tx> txs, Address from, Set<Address> holders) {
        try {
            long head = headBlock();
            if (head != forkBlock) {
                fork.call("anvil_reset", Map.of("forking", Map.of("jsonRpcUrl", upstreamUrl, "blockNumber", head)));
                forkBlock = head;
            }
            String snapshot = fork.call("evm_snapshot").asText();
            try {
                List<Simulation> out = new java.util.ArrayList<>();
                for (Eip1559Tx tx : txs) {
                    Simulation s = execute(tx, from, holders);
                    out.add(s);
                    if (!s.success()) {
                        break;
                    }
                }
                return out;
            } finally {
                fork.call("evm_revert", snapshot);
                fork.call("anvil_stopImpersonatingAccount", from.hex());
            }
        } catch (SimulationFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SimulationFailure("fork simulation failed: " + e.getMessage(), e);
        }
    }

    private Simulation execute(Eip1559Tx tx, Address from, Set<Address> holders) {
        fork.call("anvil_impersonateAccount", from.hex());
        Map<String, Object> send = NodeSimulator.callObject(tx, from);
        send.put("maxFeePerGas", Hex.quantity(tx.maxFeePerGas()));
        send.put("maxPriorityFeePerGas", Hex.quantity(tx.maxPriorityFeePerGas()));
        String hash;
        try {
            hash = fork.call("eth_sendTransaction", send).asText();
        } catch (JsonRpcError e) {
            // rejected before execution (nonce, funds for gas): the real send would fail the same way
            return new Simulation("fork", forkBlock, false, e.getMessage(), BigInteger.ZERO, List.of(), List.of(), List.of());
        }
        JsonNode receipt = null;
        for (int i = 0; i < 500 && (receipt == null || receipt.isNull()); i++) {
            receipt = fork.call("eth_getTransactionReceipt", hash);
            if (receipt == null || receipt.isNull()) {
                sleep(2);
            }
        }
        if (receipt == null || receipt.isNull()) {
            throw new SimulationFailure("the fork did not mine the simulated transaction");
        }
        long mined = Hex.big(receipt.get("blockNumber").asText()).longValueExact();
        JsonNode trace = fork.call("debug_traceTransaction", hash,
                Map.of("tracer", "callTracer", "tracerConfig", Map.of("withLog", true)));
        TraceParser.Parsed parsed = TraceParser.parse(trace);
        boolean ok = Hex.big(receipt.path("status").asText("0x0")).signum() == 1;
        if (!ok) {
            return new Simulation("fork", forkBlock, false, parsed.topError() == null ? "reverted" : parsed.topError(),
                    parsed.gasUsed(), parsed.calls(), List.of(), List.of());
        }
        BigInteger gasCost = Hex.big(receipt.get("gasUsed").asText()).multiply(Hex.big(receipt.path("effectiveGasPrice").asText("0x0")));
        StateView before = new NodeStateView(fork, Hex.quantity(mined - 1), null, null);
        StateView afterRaw = new NodeStateView(fork, Hex.quantity(mined), null, null);
        // Asset changes show value flows; the gas the fork charged is put back, as the on-node simulator never charges it.
        StateView after = new StateView() {
            public java.util.Optional<BigInteger> callUint(Address to, byte[] data) {
                return afterRaw.callUint(to, data);
            }

            public BigInteger nativeBalance(Address a) {
                BigInteger b = afterRaw.nativeBalance(a);
                return a.equals(from) ? b.add(gasCost) : b;
            }
        };
        List<AssetChange> changes = AssetChangeReader.read(before, after, holders, parsed.calls(), parsed.logs());
        return new Simulation("fork", forkBlock, true, null, parsed.gasUsed(), parsed.calls(), parsed.logs(), changes);
    }

    @Override
    public void close() {
        forkClient.close();
        anvil.destroy();
        try {
            if (!anvil.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                anvil.destroyForcibly();
            }
        } catch (InterruptedException e) {
            anvil.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new SimulationFailure("no free loopback port for the fork", e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulationFailure("interrupted");
        }
    }
}
