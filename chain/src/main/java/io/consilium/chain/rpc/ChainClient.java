package io.consilium.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.ChainId;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON-RPC access to one chain, over web3j's HTTP transport, with timeouts, retries for transient
 * faults, a rate limit and endpoint failover (see {@link Builder}). No web3j type appears in this API.
 * Block arguments are block numbers, or {@link #LATEST} / {@link #PENDING}. Thread-safe.
 */
public final class ChainClient implements AutoCloseable {
    public static final long LATEST = -1;
    public static final long PENDING = -2;

    private final RpcTransport transport;
    private volatile ChainId chainId;

    private ChainClient(RpcTransport transport) {
        this.transport = transport;
    }

    /** A client for one endpoint with the default timeouts and retries. */
    public static ChainClient connect(String url) {
        return builder().endpoint(url).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The endpoint currently in use (it changes on failover). */
    public String url() {
        return transport.currentUrl();
    }

    public List<String> endpoints() {
        return transport.urls();
    }

    /** HTTP round trips made so far (a batch counts once, each retry counts). */
    public long roundTrips() {
        return transport.roundTrips();
    }

    public ChainId chainId() {
        ChainId id = chainId;
        if (id == null) {
            id = ChainId.of(Hex.toLong(rpc("eth_chainId").asText()));
            chainId = id;
        }
        return id;
    }

    public long blockNumber() {
        return Hex.toLong(rpc("eth_blockNumber").asText());
    }

    public BigInteger balance(Address account, long block) {
        return Hex.toBigInteger(rpc("eth_getBalance", account.hex(), tag(block)).asText());
    }

    public long nonce(Address account, String blockTag) {
        return Hex.toLong(rpc("eth_getTransactionCount", account.hex(), blockTag).asText());
    }

    /** eth_call; a revert throws {@link RevertException} carrying the revert data. {@code from} may be null. */
    public byte[] call(Address from, Address to, BigInteger value, byte[] data, long block) {
        return Hex.bytes(rpc("eth_call", callObject(from, to, value, data), tag(block)).asText());
    }

    /** eth_call pinned to a block hash (EIP-1898), so a reorg cannot silently move the read to another block. */
    public byte[] callAtHash(Address from, Address to, BigInteger value, byte[] data, String blockHash) {
        return Hex.bytes(rpc("eth_call", callObject(from, to, value, data), Map.of("blockHash", blockHash)).asText());
    }

    /** eth_estimateGas against the pending state; a revert throws {@link RevertException}. {@code to} null = deployment. */
    public BigInteger estimateGas(Address from, Address to, BigInteger value, byte[] data) {
        return Hex.toBigInteger(rpc("eth_estimateGas", callObject(from, to, value, data)).asText());
    }

    /** Broadcasts signed bytes; returns the transaction hash the node reports. */
    public String sendRawTransaction(byte[] raw) {
        return rpc("eth_sendRawTransaction", Hex.data(raw)).asText();
    }

    public Optional<TxReceipt> receipt(String hash) {
        JsonNode r = rpc("eth_getTransactionReceipt", hash);
        return r.isNull() ? Optional.empty() : Optional.of(Json.receipt(r));
    }

    /**
     * Polls until the transaction is mined (no confirmations counted; see tx.ReceiptTracker for that).
     * Nodes may answer the send a moment before the receipt is queryable, so never read it just once.
     */
    public TxReceipt awaitReceipt(String hash, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 2;
        while (true) {
            Optional<TxReceipt> r = receipt(hash);
            if (r.isPresent()) {
                return r.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("transaction " + hash + " not mined within " + timeout);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + hash, e);
            }
            pause = Math.min(pause * 2, 250);
        }
    }

    /** True when the node knows the transaction (pending or mined). */
    public boolean knowsTransaction(String hash) {
        return !rpc("eth_getTransactionByHash", hash).isNull();
    }

    public Optional<BlockHeader> header(long block) {
        JsonNode b = rpc("eth_getBlockByNumber", tag(block), false);
        return b.isNull() ? Optional.empty() : Optional.of(Json.header(b));
    }

    public Optional<BlockHeader> headerByHash(String hash) {
        JsonNode b = rpc("eth_getBlockByHash", hash, false);
        return b.isNull() ? Optional.empty() : Optional.of(Json.header(b));
    }

    public BigInteger gasPrice() {
        return Hex.toBigInteger(rpc("eth_gasPrice").asText());
    }

    /** eth_feeHistory over the last {@code blocks} blocks up to {@code newest}, with reward percentiles. */
    public FeeHistory feeHistory(int blocks, long newest, double... percentiles) {
        List<Double> ps = Arrays.stream(percentiles).boxed().toList();
        return Json.feeHistory(rpc("eth_feeHistory", Hex.quantity(blocks), tag(newest), ps));
    }

    /** The escape hatch for any method (anvil_*, evm_*, debug_*): params are Jackson-serialisable values. */
    public JsonNode rpc(String method, Object... params) {
        return transport.send(method, new ArrayList<>(Arrays.asList(params)));
    }

    /** Several calls in ONE HTTP round trip (a JSON-RPC batch); results in call order. */
    public List<JsonNode> batch(List<RpcCall> calls) {
        return transport.batch(calls);
    }

    /** The JSON-RPC block parameter for a block number or {@link #LATEST}/{@link #PENDING}. */
    public static String tag(long block) {
        if (block == LATEST) {
            return "latest";
        }
        if (block == PENDING) {
            return "pending";
        }
        if (block < 0) {
            throw new IllegalArgumentException("not a block number: " + block);
        }
        return Hex.quantity(block);
    }

    /** The eth_call/eth_estimateGas transaction object. */
    public static Map<String, Object> callObject(Address from, Address to, BigInteger value, byte[] data) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (from != null) {
            o.put("from", from.hex());
        }
        if (to != null) {
            o.put("to", to.hex());
        }
        if (value != null && value.signum() > 0) {
            o.put("value", Hex.quantity(value));
        }
        o.put("input", Hex.data(data == null ? new byte[0] : data));
        return o;
    }

    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "ChainClient" + transport.urls();
    }

    /** Endpoints (failover order), timeouts, retry policy and rate limit. */
    public static final class Builder {
        private final List<String> urls = new ArrayList<>();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(30);
        private int retries = 5;
        private Duration backoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(2);
        private double requestsPerSecond = 0;

        private Builder() {}

        /** Adds an endpoint; the first is used until it fails, then the next, round-robin. */
        public Builder endpoint(String url) {
            if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new io.consilium.chain.ChainUserError("RPC URL must start with http:// or https://, got: " + url);
            }
            urls.add(url);
            return this;
        }

        public Builder endpoints(List<String> all) {
            all.forEach(this::endpoint);
            return this;
        }

        public Builder connectTimeout(Duration d) {
            connectTimeout = d;
            return this;
        }

        public Builder readTimeout(Duration d) {
            readTimeout = d;
            return this;
        }

        /** Retries per endpoint for transient faults (0 = try each endpoint once). */
        public Builder retries(int n) {
            retries = Math.max(0, n);
            return this;
        }

        /** First retry delay (doubles each round, with jitter) and its cap. */
        public Builder backoff(Duration first, Duration max) {
            backoff = first;
            maxBackoff = max;
            return this;
        }

        /** Maximum average request rate; 0 = unlimited. */
        public Builder rateLimit(double perSecond) {
            requestsPerSecond = perSecond;
            return this;
        }

        public ChainClient build() {
            if (urls.isEmpty()) {
                throw new IllegalStateException("no endpoint configured");
            }
            return new ChainClient(new RpcTransport(urls, connectTimeout, readTimeout, retries, backoff, maxBackoff,
                    requestsPerSecond));
        }
    }
}
