package io.consilium.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.ChainId;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * One transaction request, as an agent or {@code TX.json} states it. Unset gas/fee/nonce fields are
 * filled by the pipeline. {@code to == null} asks for contract creation (which the default policy denies).
 * {@code id} identifies the request for replay protection; when absent the content is the identity.
 */
public record TxRequest(String id, ChainId chainId, Address from, Address to, BigInteger value, byte[] data,
                        BigInteger gas, BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas, Long nonce) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public TxRequest {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(from, "from");
        value = value == null ? BigInteger.ZERO : value;
        data = data == null ? new byte[0] : data.clone();
        if (value.signum() < 0) {
            throw new SandboxUserError("value must not be negative");
        }
    }

    public static TxRequest of(ChainId chainId, Address from, Address to, BigInteger value, byte[] data) {
        return new TxRequest(null, chainId, from, to, value, data, null, null, null, null);
    }

    public TxRequest withId(String newId) {
        return new TxRequest(newId, chainId, from, to, value, data, gas, maxFeePerGas, maxPriorityFeePerGas, nonce);
    }

    public TxRequest withNonce(Long n) {
        return new TxRequest(id, chainId, from, to, value, data, gas, maxFeePerGas, maxPriorityFeePerGas, n);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** A stable identity for replay detection: the id when given, else the content. */
    public String replayKey() {
        if (id != null && !id.isBlank()) {
            return "id:" + id;
        }
        return "content:" + chainId.value() + ":" + from.hex() + ":" + (to == null ? "create" : to.hex()) + ":" + value
                + ":" + Hex.data(data) + ":" + nonce;
    }

    public static TxRequest read(Path file) {
        JsonNode n;
        try {
            n = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new SandboxUserError("cannot read transaction request " + file + ": " + e.getMessage());
        }
        return fromJson(n, file.toString());
    }

    /** Parses the TX.json shape; errors name the source and the key. */
    public static TxRequest fromJson(JsonNode n, String source) {
        if (n == null || !n.isObject()) {
            throw new SandboxUserError(source + ": a transaction request must be a JSON object");
        }
        for (String key : (Iterable<String>) n::fieldNames) {
            if (!Arrays.asList("id", "chainId", "from", "to", "value", "data", "gas", "maxFeePerGas",
                    "maxPriorityFeePerGas", "nonce").contains(key)) {
                throw new SandboxUserError(source + ": unknown key '" + key + "' (allowed: id, chainId, from, to, value, data, gas, maxFeePerGas, maxPriorityFeePerGas, nonce)");
            }
        }
        if (!n.hasNonNull("chainId")) {
            throw new SandboxUserError(source + ": missing key 'chainId' (e.g. 31337)");
        }
        long chain;
        try {
            chain = n.get("chainId").isNumber() ? n.get("chainId").asLong() : Hex.big(n.get("chainId").asText()).longValueExact();
            ChainId.of(chain);
        } catch (RuntimeException e) {
            throw new SandboxUserError(source + ": key 'chainId' must be a positive integer");
        }
        Address from = address(n, "from", source, true);
        Address to = address(n, "to", source, false);
        byte[] data;
        try {
            data = n.hasNonNull("data") ? Hex.bytes(n.get("data").asText()) : new byte[0];
        } catch (IllegalArgumentException e) {
            throw new SandboxUserError(source + ": key 'data' must be 0x-prefixed hex");
        }
        return new TxRequest(n.hasNonNull("id") ? n.get("id").asText() : null, ChainId.of(chain), from, to,
                amount(n, "value", source), data, amount(n, "gas", source), amount(n, "maxFeePerGas", source),
                amount(n, "maxPriorityFeePerGas", source),
                n.hasNonNull("nonce") ? amount(n, "nonce", source).longValueExact() : null);
    }

    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        if (id != null) {
            o.put("id", id);
        }
        o.put("chainId", chainId.value());
        o.put("from", from.toString());
        if (to != null) {
            o.put("to", to.toString());
        }
        o.put("value", value.toString());
        o.put("data", Hex.data(data));
        if (gas != null) o.put("gas", gas.toString());
        if (maxFeePerGas != null) o.put("maxFeePerGas", maxFeePerGas.toString());
        if (maxPriorityFeePerGas != null) o.put("maxPriorityFeePerGas", maxPriorityFeePerGas.toString());
        if (nonce != null) o.put("nonce", nonce);
        return o;
    }

    private static Address address(JsonNode n, String key, String source, boolean required) {
        if (!n.hasNonNull(key)) {
            if (required) {
                throw new SandboxUserError(source + ": missing key '" + key + "' (a 0x address)");
            }
            return null;
        }
        try {
            return Address.of(n.get(key).asText());
        } catch (IllegalArgumentException e) {
            throw new SandboxUserError(source + ": key '" + key + "' is not an address (want 0x + 40 hex digits): " + n.get(key).asText());
        }
    }

    private static BigInteger amount(JsonNode n, String key, String source) {
        if (!n.hasNonNull(key)) {
            return null;
        }
        JsonNode v = n.get(key);
        try {
            BigInteger b = v.isNumber() ? v.bigIntegerValue() : Hex.big(v.asText().trim());
            if (b.signum() < 0) {
                throw new NumberFormatException();
            }
            return b;
        } catch (RuntimeException e) {
            throw new SandboxUserError(source + ": key '" + key + "' must be a non-negative integer as a decimal string, e.g. \"0\"");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TxRequest r && Objects.equals(id, r.id) && chainId.equals(r.chainId) && from.equals(r.from)
                && Objects.equals(to, r.to) && value.equals(r.value) && Arrays.equals(data, r.data)
                && Objects.equals(gas, r.gas) && Objects.equals(maxFeePerGas, r.maxFeePerGas)
                && Objects.equals(maxPriorityFeePerGas, r.maxPriorityFeePerGas) && Objects.equals(nonce, r.nonce);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, chainId, from, to, value, nonce) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "TxRequest" + toJson();
    }
}
