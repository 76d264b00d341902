package io.consilium.chain.wallet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.consilium.chain.ChainUserError;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.ChainId;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.chain.tx.SignedTx;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakWatch.class)
/** A fake Web3Signer/Clef on loopback that signs with a test key; the client must accept only honest answers. */
class JsonRpcSignerTest {
    static final PrivateKey KEY = PrivateKey.of(HexFormat.of().parseHex("8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;
    private URI uri;
    private final AtomicReference<JsonNode> lastRequest = new AtomicReference<>();
    /** How the fake signer treats the request before signing (identity = honest). */
    private volatile UnaryOperator<Eip1559Tx> tamper = UnaryOperator.identity();
    private volatile PrivateKey signingKey = KEY;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            JsonNode req = JSON.readTree(ex.getRequestBody());
            lastRequest.set(req);
            ObjectNode resp = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", req.get("id").asLong());
            String method = req.get("method").asText();
            if (method.equals("eth_signTransaction") || method.equals("account_signTransaction")) {
                JsonNode p = req.get("params").get(0);
                String data = p.has("data") ? p.get("data").asText() : p.get("input").asText();
                Eip1559Tx tx = new Eip1559Tx(ChainId.of(q(p, "chainId").longValueExact()), q(p, "nonce").longValueExact(),
                        q(p, "maxPriorityFeePerGas"), q(p, "maxFeePerGas"), q(p, "gas"),
                        p.has("to") ? Address.of(p.get("to").asText()) : null, q(p, "value"),
                        HexFormat.of().parseHex(data.substring(2)));
                SignedTx s = Eip1559Codec.sign(tamper.apply(tx), signingKey);
                if (method.equals("account_signTransaction")) {
                    resp.putObject("result").put("raw", s.rawHex()).putObject("tx");
                } else {
                    resp.put("result", s.rawHex());
                }
            } else if (method.equals("eth_signTypedData") || method.equals("account_signTypedData")) {
                assertEquals(KEY.address().hex(), req.get("params").get(0).asText());
                byte[] sig = new LocalSigner(signingKey).signTypedData(req.get("params").get(1));
                resp.put("result", "0x" + HexFormat.of().formatHex(sig));
            } else {
                resp.putObject("error").put("code", -32601).put("message", "method not found");
            }
            byte[] body = JSON.writeValueAsBytes(resp);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static BigInteger q(JsonNode p, String f) {
        return new BigInteger(p.get(f).asText().substring(2), 16);
    }

    private static Eip1559Tx tx() {
        return new Eip1559Tx(ChainId.ANVIL, 7, BigInteger.valueOf(1_000_000_000), BigInteger.valueOf(30_000_000_000L),
                BigInteger.valueOf(60_000), Address.of("0x000000000000000000000000000000000000aaaa"),
                new BigInteger("1000000000000000000"), HexFormat.of().parseHex("a9059cbb00"));
    }

    @Test
    void web3SignerFlavorSignsExactlyTheRequestedTransaction() {
        JsonRpcSigner signer = new JsonRpcSigner(uri, KEY.address(), JsonRpcSigner.Flavor.WEB3SIGNER, Duration.ofSeconds(5));
        SignedTx s = signer.sign(tx());
        assertArrayEquals(Eip1559Codec.sign(tx(), KEY).raw(), s.raw());
        JsonNode req = lastRequest.get();
        assertEquals("eth_signTransaction", req.get("method").asText());
        assertEquals(KEY.address().hex(), req.get("params").get(0).get("from").asText());
        assertEquals("0x2", req.get("params").get(0).get("type").asText());
        assertEquals(KEY.address(), RawTxDecoder.decode(s.raw(), 31337).sender());
    }

    @Test
    void clefFlavorUsesAccountSignTransaction() {
        JsonRpcSigner signer = new JsonRpcSigner(uri, KEY.address(), JsonRpcSigner.Flavor.CLEF, Duration.ofSeconds(5));
        SignedTx s = signer.sign(tx());
        assertEquals("account_signTransaction", lastRequest.get().get("method").asText());
        assertEquals("0xa9059cbb00", lastRequest.get().get("params").get(0).get("input").asText());
        assertArrayEquals(Eip1559Codec.sign(tx(), KEY).raw(), s.raw());
    }

    @Test
    void refusesATamperedTransactionOrAnotherSender() {
        JsonRpcSigner signer = new JsonRpcSigner(uri, KEY.address(), JsonRpcSigner.Flavor.WEB3SIGNER, Duration.ofSeconds(5));
        tamper = t -> new Eip1559Tx(t.chainId(), t.nonce(), t.maxPriorityFeePerGas(), t.maxFeePerGas(), t.gasLimit(),
                Address.of("0x000000000000000000000000000000000000bbbb"), t.value(), t.data());
        ChainUserError e = LeakWatch.assertThrows(ChainUserError.class, () -> signer.sign(tx()));
        assertTrue(e.getMessage().contains("'to'"), e.getMessage());
        tamper = UnaryOperator.identity();
        signingKey = PrivateKey.of(HexFormat.of().parseHex("01".repeat(32)));
        e = LeakWatch.assertThrows(ChainUserError.class, () -> signer.sign(tx()));
        assertTrue(e.getMessage().contains("'sender'"), e.getMessage());
    }

    @Test
    void typedDataIsSignedRemotelyAndChecked() {
        JsonNode mail = io.consilium.chain.dex.SharedData.json("signing", "eip-712", "mail_vector.json").get("typedData");
        for (JsonRpcSigner.Flavor f : JsonRpcSigner.Flavor.values()) {
            JsonRpcSigner signer = new JsonRpcSigner(uri, KEY.address(), f, Duration.ofSeconds(5));
            assertArrayEquals(new LocalSigner(KEY).signTypedData(mail), signer.signTypedData(mail));
        }
        signingKey = PrivateKey.of(HexFormat.of().parseHex("01".repeat(32)));
        JsonRpcSigner signer = new JsonRpcSigner(uri, KEY.address(), JsonRpcSigner.Flavor.CLEF, Duration.ofSeconds(5));
        ChainUserError e = LeakWatch.assertThrows(ChainUserError.class, () -> signer.signTypedData(mail));
        assertTrue(e.getMessage().contains("not from"), e.getMessage());
    }

    @Test
    void plainHttpOffLoopbackIsRefusedAndDeadSignerIsAUserError() {
        LeakWatch.assertThrows(ChainUserError.class, () -> new JsonRpcSigner(URI.create("http://192.0.2.1:9000/"), KEY.address(),
                JsonRpcSigner.Flavor.WEB3SIGNER, Duration.ofSeconds(1)));
        server.stop(0);
        JsonRpcSigner signer = new JsonRpcSigner(uri, KEY.address(), JsonRpcSigner.Flavor.WEB3SIGNER, Duration.ofSeconds(2));
        ChainUserError e = LeakWatch.assertThrows(ChainUserError.class, () -> signer.sign(tx()));
        assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
    }
}
