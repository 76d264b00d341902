package io.consilium.chain.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consilium.chain.ChainUserError;
import io.consilium.chain.domain.Address;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.chain.tx.SignedTx;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signs through an external signer over JSON-RPC: Web3Signer's {@code eth_signTransaction} (result: the
 * raw transaction) or Clef's {@code account_signTransaction} (result: {raw, tx}). Keys stay in the
 * signer. What comes back is decoded and checked field by field against the request, and its sender
 * must be our account, so a faulty or hostile signer cannot make us send something else.
 * Plain http is accepted on loopback only; anything else must be https.
 */
public final class JsonRpcSigner implements Signer, TypedDataSigner {
    public enum Flavor { WEB3SIGNER, CLEF }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI endpoint;
    private final Address account;
    private final Flavor flavor;
    private final Duration timeout;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();

    public JsonRpcSigner(URI endpoint, Address account, Flavor flavor, Duration timeout) {
        this.endpoint = requireSafeEndpoint(endpoint);
        this.account = Objects.requireNonNull(account, "account");
        this.flavor = Objects.requireNonNull(flavor, "flavor");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    private static URI requireSafeEndpoint(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("https")) {
            return uri;
        }
        if (!scheme.equals("http") || uri.getHost() == null) {
            throw new ChainUserError("external signer URL " + uri + ": use http://127.0.0.1:PORT (loopback) or https://");
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
                if (!a.isLoopbackAddress()) {
                    throw new ChainUserError("external signer URL " + uri + ": plain http is allowed on loopback only;"
                            + " use 127.0.0.1 or https://");
                }
            }
        } catch (UnknownHostException e) {
            throw new ChainUserError("external signer URL " + uri + ": unknown host");
        }
        return uri;
    }

    @Override
    public Address address() {
        return account;
    }

    @Override
    public SignedTx sign(Eip1559Tx tx) {
        ObjectNode params = JSON.createObjectNode();
        params.put("from", account.hex());
        if (tx.to() != null) {
            params.put("to", tx.to().hex());
        }
        params.put("gas", quantity(tx.gasLimit()));
        params.put("maxFeePerGas", quantity(tx.maxFeePerGas()));
        params.put("maxPriorityFeePerGas", quantity(tx.maxPriorityFeePerGas()));
        params.put("value", quantity(tx.value()));
        params.put("nonce", quantity(BigInteger.valueOf(tx.nonce())));
        params.put("chainId", quantity(BigInteger.valueOf(tx.chainId().value())));
        String data = "0x" + HexFormat.of().formatHex(tx.data());
        params.put(flavor == Flavor.CLEF ? "input" : "data", data);
        if (flavor == Flavor.WEB3SIGNER) {
            params.put("type", "0x2");
        }
        String method = flavor == Flavor.CLEF ? "account_signTransaction" : "eth_signTransaction";
        JsonNode result = call(method, params);
        JsonNode rawNode = result.isTextual() ? result : result.path("raw");
        if (!rawNode.isTextual()) {
            throw new ChainUserError("external signer " + endpoint + ": " + method + " returned no raw transaction");
        }
        byte[] raw;
        try {
            String h = rawNode.asText();
            raw = HexFormat.of().parseHex(h.startsWith("0x") ? h.substring(2) : h);
        } catch (IllegalArgumentException e) {
            throw new ChainUserError("external signer " + endpoint + ": the raw transaction is not hex");
        }
        RawTxDecoder.Decoded d = verify(tx, raw, method);
        // re-assembled from our own fields: byte-for-byte the transaction that was simulated
        return Eip1559Codec.assemble(tx, d.yParity(), d.r(), d.s());
    }

    /**
     * eth_signTypedData (Web3Signer) or account_signTypedData (Clef). The signature must recover to our
     * account over the digest we compute ourselves, so the signer cannot sign something else.
     */
    @Override
    public byte[] signTypedData(JsonNode typedData) {
        byte[] digest = Eip712.signHash(Eip712.TypedData.parse(typedData));
        String method = flavor == Flavor.CLEF ? "account_signTypedData" : "eth_signTypedData";
        JsonNode result = call(method, JSON.createArrayNode().add(account.hex()).add(typedData));
        byte[] sig;
        try {
            String h = result.asText();
            sig = HexFormat.of().parseHex(h.startsWith("0x") ? h.substring(2) : h);
        } catch (IllegalArgumentException e) {
            sig = new byte[0];
        }
        if (sig.length != 65) {
            throw new ChainUserError("external signer " + endpoint + ": " + method + " did not return a 65-byte signature");
        }
        int v = sig[64] & 0xff;
        int recId = v >= 27 ? v - 27 : v;
        Address signer = Secp256k1.recover(digest, recId, new BigInteger(1, Arrays.copyOfRange(sig, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(sig, 32, 64)));
        if (!account.equals(signer)) {
            throw new ChainUserError("external signer " + endpoint + ": the typed-data signature is not from " + account
                    + " over the expected digest; refusing to use it");
        }
        sig[64] = (byte) (27 + recId);
        return sig;
    }

    /** The signer must have signed exactly the requested transaction, for our account. */
    private RawTxDecoder.Decoded verify(Eip1559Tx tx, byte[] raw, String method) {
        RawTxDecoder.Decoded d;
        try {
            d = RawTxDecoder.decode(raw, tx.chainId().value());
        } catch (RawTxDecoder.InvalidTx e) {
            throw new ChainUserError("external signer " + endpoint + ": " + method + " returned an invalid transaction ("
                    + e.getMessage() + ")");
        }
        String mismatch = d.type() != 2 ? "type"
                : d.nonce().longValue() != tx.nonce() || d.nonce().bitLength() > 63 ? "nonce"
                : !d.maxFeePerGas().equals(tx.maxFeePerGas()) ? "maxFeePerGas"
                : !d.maxPriorityFeePerGas().equals(tx.maxPriorityFeePerGas()) ? "maxPriorityFeePerGas"
                : !d.gasLimit().equals(tx.gasLimit()) ? "gas"
                : !Objects.equals(d.to(), tx.to()) ? "to"
                : !d.value().equals(tx.value()) ? "value"
                : !Arrays.equals(d.data(), tx.data()) ? "data"
                : d.accessListAddresses() != 0 ? "accessList"
                : !d.sender().equals(account) ? "sender"
                : null;
        if (mismatch != null) {
            throw new ChainUserError("external signer " + endpoint + ": the signed transaction differs from the request in '"
                    + mismatch + "'; refusing to use it");
        }
        return d;
    }

    private JsonNode call(String method, JsonNode param) {
        return call(method, JSON.createArrayNode().add(param));
    }

    private JsonNode call(String method, com.fasterxml.jackson.databind.node.ArrayNode params) {
        ObjectNode req = JSON.createObjectNode();
        req.put("jsonrpc", "2.0");
        req.put("id", ids.incrementAndGet());
        req.put("method", method);
        req.set("params", params);
        HttpResponse<String> resp;
        try {
            HttpRequest httpReq = HttpRequest.newBuilder(endpoint).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(req))).build();
            resp = http.send(httpReq, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ChainUserError("external signer " + endpoint + " is unreachable (" + e.getClass().getSimpleName()
                    + "); check that it runs and listens there");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainUserError("interrupted while waiting for the external signer " + endpoint);
        }
        if (resp.statusCode() != 200) {
            throw new ChainUserError("external signer " + endpoint + " answered HTTP " + resp.statusCode() + " to " + method);
        }
        JsonNode body;
        try {
            body = JSON.readTree(resp.body());
        } catch (IOException e) {
            throw new ChainUserError("external signer " + endpoint + " answered with something that is not JSON");
        }
        if (body.hasNonNull("error")) {
            throw new ChainUserError("external signer " + endpoint + " refused " + method + ": "
                    + body.get("error").path("message").asText("(no message)"));
        }
        if (!body.has("result")) {
            throw new ChainUserError("external signer " + endpoint + " answered " + method + " without a result");
        }
        return body.get("result");
    }

    private static String quantity(BigInteger x) {
        return "0x" + x.toString(16);
    }

    @Override
    public String toString() {
        return "JsonRpcSigner[" + account + " via " + endpoint.getHost() + ":" + endpoint.getPort() + "]";
    }
}
