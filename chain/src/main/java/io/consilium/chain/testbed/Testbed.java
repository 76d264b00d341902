package io.consilium.chain.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.ChainUserError;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.ChainId;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.wallet.Signer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local chain with a real Uniswap V2/V3 market: anvil on loopback plus everything {@link Deployer}
 * deploys. The fixture for integration tests and for {@code consilium testbed up}. Close it (or let the
 * JVM shutdown hook) to stop anvil. Deployment always runs under automine (about a second); a block time,
 * if asked for, is switched on afterwards. Under automine anvil can leave a transaction that arrives while
 * it is mining the previous one pending until the next arrives: code that pipelines sends should
 * {@link #mine(int)} once after the burst.
 */
public final class Testbed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Testbed.class);

    private final TestbedOptions options;
    private final Path anvilBinary;
    private volatile AnvilProcess anvil;
    private final ChainClient client;
    private final AddressBook addressBook;
    private final List<Address> accounts;
    private final Thread shutdownHook;
    private volatile MarketSim marketSim;
    private Path savedState;
    private List<String> savedPool = List.of();

    private Testbed(TestbedOptions options, Path anvilBinary, AnvilProcess anvil, ChainClient client,
                    AddressBook addressBook, List<Address> accounts) {
        this.options = options;
        this.anvilBinary = anvilBinary;
        this.anvil = anvil;
        this.client = client;
        this.addressBook = addressBook;
        this.accounts = List.copyOf(accounts);
        this.shutdownHook = new Thread(this::stopQuietly, "testbed-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Testbed start() {
        return start(TestbedOptions.defaults());
    }

    public static Testbed start(TestbedOptions opts) {
        Path home = home();
        Path binary = AnvilProcess.locate(home);
        Artifacts artifacts = new Artifacts(home);
        long t0 = System.nanoTime();
        AnvilProcess anvil = AnvilProcess.start(binary, opts);
        ChainClient client = null;
        try {
            client = ChainClient.builder().endpoint("http://127.0.0.1:" + anvil.port())
                    .retries(20).backoff(Duration.ofMillis(20), Duration.ofMillis(500)).build();
            List<Address> accounts = new ArrayList<>();
            for (JsonNode a : client.rpc("eth_accounts")) {
                accounts.add(Address.of(a.asText()));
            }
            List<MarketSpec.PoolSpec> pools = new ArrayList<>(MarketSpec.POOLS);
            if (opts.extendedMarket()) {
                pools.addAll(MarketSpec.EXTRA_POOLS);
            }
            AddressBook book = new Deployer(client, artifacts, accounts, pools).deploy();
            applyBlockTime(client, opts);
            Testbed tb = new Testbed(opts, binary, anvil, client, book, accounts);
            LOG.info("testbed up on {} in {} ms ({} contracts, {} pools)", tb.rpcUrl(), (System.nanoTime() - t0) / 1_000_000,
                    book.contracts().size(), book.pools().size());
            if (opts.marketSim()) {
                tb.marketSim = MarketSim.start(tb, opts.seed(), Duration.ofMillis(opts.simIntervalMillis()), opts.blockTimeSeconds() > 0);
            }
            return tb;
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
            }
            anvil.close();
            throw e;
        }
    }

    static Path home() {
        String h = System.getProperty("consilium.home");
        if (h == null || h.isBlank()) {
            throw new ChainUserError("system property consilium.home is not set: run through ./consilium "
                    + "(or pass -Dconsilium.home=<repository root>)");
        }
        return Path.of(h);
    }

    public String rpcUrl() {
        return "http://127.0.0.1:" + anvil.port();
    }

    public ChainId chainId() {
        return addressBook.chainId();
    }

    public ChainClient client() {
        return client;
    }

    public AddressBook addressBook() {
        return addressBook;
    }

    /** Anvil's dev accounts, index 0 first (0 deployed the market). */
    public List<Address> accounts() {
        return accounts;
    }

    /** A DEV-ONLY signer for dev account {@code index}. */
    public Signer devSigner(int index) {
        return DevKeySigner.of(index);
    }

    public Optional<MarketSim> marketSim() {
        return Optional.ofNullable(marketSim);
    }

    /** Mines {@code blocks} empty blocks (anvil_mine). */
    public void mine(int blocks) {
        client.rpc("anvil_mine", io.consilium.chain.rpc.Hex.quantity(blocks));
    }

    /** Stops anvil, waits, and starts it again on the same port with the same state: an RPC outage. */
    public void restartNode(Duration downtime) {
        stopNode();
        sleep(downtime);
        startNode();
    }

    /**
     * Stops the anvil process the way a node operator would before a restart: mining paused, the chain
     * saved with its history (blocks, receipts, the states behind them), the pending pool kept (a node's
     * transaction journal), then the process stopped. Until {@link #startNode()} the RPC port refuses
     * connections.
     */
    public synchronized void stopNode() {
        if (savedState != null) {
            throw new IllegalStateException("the node is already stopped");
        }
        try {
            client.rpc("evm_setIntervalMining", 0);
            client.rpc("evm_setAutomine", false);
            byte[] gz = io.consilium.chain.rpc.Hex.bytes(client.rpc("anvil_dumpState", true).asText());
            Path file = java.nio.file.Files.createTempFile("consilium-anvil-state-", ".json");
            try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
                java.nio.file.Files.write(file, in.readAllBytes());
            }
            List<String> pool = new ArrayList<>();
            for (JsonNode byAccount : client.rpc("txpool_content").path("pending")) {
                for (JsonNode tx : byAccount) {
                    pool.add(client.rpc("eth_getRawTransactionByHash", tx.path("hash").asText()).asText());
                }
            }
            savedState = file;
            savedPool = pool;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot save the anvil state before stopping it", e);
        }
        anvil.close();
        LOG.info("testbed: node stopped (state saved, {} pending transactions kept)", savedPool.size());
    }

    /** Starts anvil again on the same port from the state {@link #stopNode()} saved, with its pending pool. */
    public synchronized void startNode() {
        Path file = savedState;
        if (file == null) {
            throw new IllegalStateException("the node is not stopped");
        }
        anvil = AnvilProcess.start(anvilBinary, options.withPort(anvil.port()), List.of("--load-state", file.toString()));
        for (String raw : savedPool) {
            try {
                client.rpc("eth_sendRawTransaction", raw);
            } catch (RuntimeException e) {
                LOG.warn("testbed: a kept pending transaction was refused after the restart: {}", e.getMessage());
            }
        }
        applyBlockTime(client, options);
        savedState = null;
        savedPool = List.of();
        try {
            java.nio.file.Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            LOG.debug("testbed: cannot delete {}: {}", file, e.toString());
        }
        LOG.info("testbed: node started again on {} from the saved state", rpcUrl());
    }

    private static void applyBlockTime(ChainClient client, TestbedOptions opts) {
        if (opts.blockTimeSeconds() > 0) {
            client.rpc("evm_setIntervalMining", opts.blockTimeSeconds());
        }
    }

    /** The address book as `testbed up` prints it. */
    public Map<String, Object> describe() {
        Map<String, Object> contracts = new LinkedHashMap<>();
        addressBook.contracts().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> contracts.put(e.getKey(), e.getValue().toString()));
        Map<String, Object> pools = new LinkedHashMap<>();
        addressBook.pools().values().stream().sorted(java.util.Comparator.comparing(PoolInfo::name)).forEach(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", p.address().toString());
            m.put("kind", p.kind().name());
            m.put("token0", p.token0().symbol());
            m.put("token1", p.token1().symbol());
            m.put("fee", p.fee());
            if (p.tickSpacing() > 0) {
                m.put("tickSpacing", p.tickSpacing());
            }
            pools.put(p.name(), m);
        });
        contracts.put("pools", pools);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rpc", rpcUrl());
        out.put("chainId", chainId().value());
        out.put("contracts", contracts);
        out.put("accounts", accounts.stream().map(Address::toString).toList());
        return out;
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or ran
        }
    }

    private synchronized void stopQuietly() {
        MarketSim sim = marketSim;
        if (sim != null) {
            sim.close();
            marketSim = null;
        }
        client.close();
        anvil.close();
        if (savedState != null) {
            try {
                java.nio.file.Files.deleteIfExists(savedState);
            } catch (java.io.IOException e) {
                LOG.debug("testbed: cannot delete {}: {}", savedState, e.toString());
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Testbed[" + rpcUrl() + "]";
    }
}
