package io.consilium.chain.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.domain.Address;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.rpc.Hex;
import io.consilium.chain.rpc.RpcCall;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends many transactions from one of anvil's unlocked dev accounts (eth_sendTransaction), in order,
 * with explicit nonces and gas limits, then checks every receipt (fetched in JSON-RPC batches).
 * Testbed set-up only; product code signs its transactions.
 */
final class DevTxBatch {
    private static final BigInteger GAS = BigInteger.valueOf(12_000_000);

    private record Pending(String label, Map<String, Object> tx) {}

    private final ChainClient client;
    private final Address from;
    private final List<Pending> pending = new ArrayList<>();
    private long nonce;

    DevTxBatch(ChainClient client, Address from) {
        this.client = client;
        this.from = from;
        this.nonce = client.nonce(from, "pending");
    }

    /** Queues a call; returns its index in the next {@link #flush()} result. */
    int call(String label, Address to, BigInteger value, byte[] data) {
        Map<String, Object> tx = new LinkedHashMap<>();
        tx.put("from", from.hex());
        if (to != null) {
            tx.put("to", to.hex());
        }
        tx.put("gas", Hex.quantity(GAS));
        tx.put("nonce", Hex.quantity(nonce++));
        if (value != null && value.signum() > 0) {
            tx.put("value", Hex.quantity(value));
        }
        tx.put("input", Hex.data(data));
        pending.add(new Pending(label, tx));
        return pending.size() - 1;
    }

    int deploy(String label, byte[] initCode, byte[] constructorArgs) {
        byte[] all = new byte[initCode.length + constructorArgs.length];
        System.arraycopy(initCode, 0, all, 0, initCode.length);
        System.arraycopy(constructorArgs, 0, all, initCode.length, constructorArgs.length);
        return call(label, null, BigInteger.ZERO, all);
    }

    /** Sends the queue and returns each transaction's receipt JSON, in queue order; any failure throws. */
    List<JsonNode> flush() {
        // one by one: anvil serves a JSON-RPC batch concurrently, and a transaction that arrives before its
        // predecessor nonce can sit in the pool unmined under automine
        List<String> hashes = pending.stream().map(p -> client.rpc("eth_sendTransaction", p.tx()).asText()).toList();
        JsonNode[] receipts = new JsonNode[hashes.size()];
        long deadline = System.nanoTime() + 30_000_000_000L;
        int polls = 0;
        // anvil may answer eth_sendTransaction a moment before the receipt is queryable, so poll the stragglers
        while (true) {
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < receipts.length; i++) {
                if (receipts[i] == null) {
                    missing.add(i);
                }
            }
            if (missing.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("testbed set-up step '" + pending.get(missing.getFirst()).label()
                        + "' was not mined within 30 s");
            }
            List<JsonNode> got = client.batch(missing.stream()
                    .map(i -> RpcCall.of("eth_getTransactionReceipt", hashes.get(i))).toList());
            for (int k = 0; k < missing.size(); k++) {
                if (!got.get(k).isNull()) {
                    receipts[missing.get(k)] = got.get(k);
                }
            }
            if (Arrays.stream(receipts).anyMatch(r -> r == null)) {
                sleep();
                if (++polls % 50 == 0 && client.rpc("anvil_getAutomine").asBoolean()) {
                    // anvil's automine can miss a transaction that arrives while it is mining the previous
                    // one, leaving it pending until the next arrives: mine a block to pick it up
                    client.rpc("evm_mine");
                }
            }
        }
        for (int i = 0; i < receipts.length; i++) {
            if (!"0x1".equals(receipts[i].path("status").asText())) {
                throw new IllegalStateException("testbed set-up step '" + pending.get(i).label() + "' reverted: "
                        + receipts[i].path("transactionHash").asText());
            }
        }
        pending.clear();
        return List.of(receipts);
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during testbed set-up", e);
        }
    }

    static Address contractAddress(JsonNode receipt) {
        return Address.of(receipt.get("contractAddress").asText());
    }
}
