package io.consilium.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.consilium.chain.abi.Abi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retry policy against a scripted loopback HTTP server: which faults are retried and which are answers. */
class ChainClientRetryTest {
    private record Reply(int status, String body) {}

    private HttpServer server;
    private final Deque<Reply> script = new ArrayDeque<>();
    private int requests;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            Reply r;
            synchronized (script) {
                requests++;
                r = script.isEmpty() ? new Reply(200, ok("0x10")) : script.poll();
            }
            byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(r.status(), b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private ChainClient client(int retries) {
        return ChainClient.builder().endpoint(url()).retries(retries).backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
    }

    private static String ok(String result) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"" + result + "\"}";
    }

    @Test
    void http5xxAnd429AreRetried() {
        script.add(new Reply(503, "busy"));
        script.add(new Reply(429, "slow down"));
        script.add(new Reply(502, "bad gateway"));
        try (ChainClient c = client(5)) {
            assertEquals(16, c.blockNumber());
            assertEquals(4, c.roundTrips());
        }
    }

    @Test
    void nodeRateLimitErrorIsRetried() {
        script.add(new Reply(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32005,\"message\":\"limit exceeded\"}}"));
        try (ChainClient c = client(2)) {
            assertEquals(16, c.blockNumber());
            assertEquals(2, c.roundTrips());
        }
    }

    @Test
    void jsonRpcErrorsAndHttp4xxAreNotRetried() {
        script.add(new Reply(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,\"message\":\"nonce too low\"}}"));
        try (ChainClient c = client(5)) {
            RpcErrorException e = assertThrows(RpcErrorException.class, () -> c.sendRawTransaction(new byte[] {1}));
            assertEquals("nonce too low", e.rpcMessage());
            assertEquals(1, requests);
        }
        script.add(new Reply(400, "bad request"));
        try (ChainClient c = client(5)) {
            assertThrows(RuntimeException.class, c::blockNumber);
            assertEquals(2, requests);
        }
    }

    @Test
    void revertDataIsExtractedFromTheErrorObject() {
        script.add(new Reply(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":3,\"message\":\"execution reverted: STF\","
                + "\"data\":\"" + Hex.data(Abi.encodeCall("Error(string)", "STF")) + "\"}}"));
        try (ChainClient c = client(5)) {
            RevertException e = assertThrows(RevertException.class,
                    () -> c.call(null, io.consilium.chain.domain.Address.ZERO, null, new byte[0], ChainClient.LATEST));
            assertEquals("STF", e.reason().orElseThrow());
            assertEquals(1, requests);
        }
    }

    @Test
    void persistentFaultsEndInAUserErrorAfterTheRetries() {
        for (int i = 0; i < 10; i++) {
            script.add(new Reply(500, "down"));
        }
        try (ChainClient c = client(3)) {
            RpcUnreachableError e = assertThrows(RpcUnreachableError.class, c::blockNumber);
            assertTrue(e.getMessage().contains(url()), e.getMessage());
            assertEquals(4, requests);
        }
    }

    @Test
    void rateLimitSpacesRequests() {
        try (ChainClient c = ChainClient.builder().endpoint(url()).rateLimit(50).build()) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 75; i++) {
                c.blockNumber();
            }
            // a burst of 50 is free, the other 25 need at least half a second at 50/s
            assertTrue(System.nanoTime() - t0 >= 400_000_000L, "rate limit enforced");
        }
    }
}
