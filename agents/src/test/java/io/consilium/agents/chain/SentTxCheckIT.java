package io.consilium.agents.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.agents.messages.ExecutionResult;
import io.consilium.chain.domain.Address;
import io.consilium.chain.rpc.ChainClient;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sent transaction without a receipt, on a real anvil that mines only when told: still pending
 * stays open, mined settles from the receipt, and a transaction whose nonce another one took fails.
 */
class SentTxCheckIT {
    static final Address DEV0 = Address.of("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    static final Address DEV1 = Address.of("0x70997970C51812dc3A010C7d50b6F79C6E79C8C8");
    static Process anvil;
    static ChainClient client;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path bin = Path.of(System.getProperty("consilium.home"), "npm", "node_modules", ".bin", "anvil");
        anvil = new ProcessBuilder(bin.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port), "--no-mining")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        client = ChainClient.builder().endpoint("http://127.0.0.1:" + port).retries(1)
                .readTimeout(Duration.ofSeconds(30)).build();
        for (int i = 0; ; i++) {
            try {
                client.rpc("eth_chainId");
                break;
            } catch (RuntimeException e) {
                if (i > 600 || !anvil.isAlive()) {
                    throw new IOException("anvil did not start", e);
                }
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (anvil != null) {
            anvil.destroy();
            anvil.waitFor();
        }
    }

    static String send(long nonce, long tipGwei) {
        return client.rpc("eth_sendTransaction", Map.of("from", DEV0.hex(), "to", DEV1.hex(), "value", "0x1",
                "nonce", "0x" + Long.toHexString(nonce), "gas", "0x5208",
                "maxPriorityFeePerGas", "0x" + BigInteger.valueOf(tipGwei).multiply(BigInteger.TEN.pow(9)).toString(16),
                "maxFeePerGas", "0x" + BigInteger.valueOf(tipGwei * 10 + 10).multiply(BigInteger.TEN.pow(9)).toString(16)))
                .asText();
    }

    static ExecutionResult sent(String hash, long nonce) {
        return new ExecutionResult(ExecutionResult.VERSION, "o-" + hash.substring(2, 8), "s", ExecutionResult.Status.SENT,
                hash, nonce, 1, Map.of(), BigInteger.ZERO, "sent; no receipt yet");
    }

    @Test
    void pendingStaysOpenMinedSettlesAndAReusedNonceFails() {
        SentTxCheck check = new SentTxCheck(client, DEV0, List.of());
        long base = client.nonce(DEV0, "latest");
        String pending = send(base, 1);
        SentTxCheck.Open open = check.open(sent(pending, -1));
        assertTrue(open.nodeHasIt(), "anvil holds it in its pool");
        assertEquals(base, open.nonce(), "the nonce is read from the node when the result lacks it");
        assertEquals(Optional.empty(), check.check(sent(pending, -1), "t"), "not mined, nonce free: still open");

        client.rpc("evm_mine");
        ExecutionResult mined = check.check(sent(pending, base), "t").orElseThrow();
        assertEquals(ExecutionResult.Status.FILLED, mined.status());
        assertTrue(mined.block() > 0);

        String replaced = send(base + 1, 1);
        String replacement = send(base + 1, 5);
        assertTrue(!replaced.equals(replacement));
        client.rpc("evm_mine");
        assertTrue(client.receipt(replacement).isPresent(), "the higher-fee transaction took the nonce");
        ExecutionResult failed = check.check(sent(replaced, base + 1), "t").orElseThrow();
        assertEquals(ExecutionResult.Status.FAILED, failed.status());
        assertTrue(failed.reason().contains("nonce " + (base + 1) + " was used by another transaction"), failed.reason());
    }
}
