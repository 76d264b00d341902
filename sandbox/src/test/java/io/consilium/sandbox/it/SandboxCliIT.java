package io.consilium.sandbox.it;

import static io.consilium.sandbox.it.SandboxFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.testbed.Testbed;
import io.consilium.sandbox.Hex;
import io.consilium.sandbox.cli.AuditCommand;
import io.consilium.sandbox.cli.SandboxCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `consilium sandbox submit|approvals|kill` and `consilium audit tail|show`, driven through picocli against a testbed. */
class SandboxCliIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static Testbed tb;

    @TempDir
    Path dir;

    @BeforeAll
    static void up() {
        tb = SandboxFixture.startTestbed();
    }

    @AfterAll
    static void down() {
        tb.close();
    }

    record Run(int code, String out) {}

    private Run run(Object command, String... args) {
        StringWriter sw = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(sw));
        int code = cl.execute(args);
        return new Run(code, sw.toString());
    }

    private Path txFile(String name, int from, Address to, byte[] data) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, JSON.writeValueAsString(Map.of("chainId", 31337, "from", tb.accounts().get(from).toString(),
                "to", to.toString(), "value", "0", "data", Hex.data(data))));
        return f;
    }

    private Run submit(Path tx, String... extra) throws Exception {
        Path book = dir.resolve("book.json");
        Files.writeString(book, JSON.writeValueAsString(tb.describe()));
        List<String> args = new java.util.ArrayList<>(List.of("submit", "--rpc", tb.rpcUrl(), "--policy",
                home().resolve("config/policies/default.yaml").toString(), "--address-book", book.toString(),
                "--journal", dir.resolve("journal").toString(), "--approvals", dir.resolve("approvals").toString()));
        if (tx != null) {
            args.addAll(List.of("--tx", tx.toString()));
        }
        args.addAll(List.of(extra));
        return run(new SandboxCommand(), args.toArray(String[]::new));
    }

    @Test
    void submitPrintsTheVerdictAndExitsWithItsStatus() throws Exception {
        Address usdc = tb.addressBook().contract("USDC");
        Address router = tb.addressBook().contract("UniswapV2Router02");
        Run ok = submit(txFile("ok.json", 1, usdc, approve(router, BigInteger.valueOf(5_000_000))));
        assertEquals(0, ok.code(), ok.out());
        JsonNode v = JSON.readTree(ok.out());
        assertEquals("allow", v.get("decision").asText());
        assertEquals("5000000", v.get("assetChanges").get(0).get("delta").asText());

        Run viaFork = submit(txFile("fork.json", 1, usdc, approve(router, BigInteger.valueOf(7_000_000))), "--simulator", "fork");
        assertEquals(0, viaFork.code(), viaFork.out());
        assertEquals("fork", JSON.readTree(viaFork.out()).get("simulatedBlock") == null ? "" : "fork");

        Run bad = submit(txFile("bad.json", 1, usdc, approve(router, BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE))));
        assertEquals(3, bad.code(), bad.out());
        JsonNode d = JSON.readTree(bad.out());
        assertEquals("deny", d.get("decision").asText());
        assertTrue(d.get("reasons").toString().contains("unlimited approval"));

        Run tail = run(new AuditCommand(), "tail", "--journal", dir.resolve("journal").toString());
        assertEquals(0, tail.code());
        assertTrue(tail.out().contains("sandbox.verdict") && tail.out().contains("DENY"), tail.out());
        String firstId = tail.out().lines().findFirst().orElseThrow().split(" ")[0];
        Run show = run(new AuditCommand(), "show", firstId, "--journal", dir.resolve("journal").toString());
        assertEquals(0, show.code());
        assertEquals(Long.parseLong(firstId), JSON.readTree(show.out()).get("id").asLong());
    }

    @Test
    void aboveTheThresholdAPersonDecides() throws Exception {
        Address usdc = tb.addressBook().contract("USDC");
        Address weth = tb.addressBook().contract("WETH");
        Address router = tb.addressBook().contract("UniswapV2Router02");
        BigInteger amount = BigInteger.valueOf(12_000_000_000L); // 12,000 USDC: above the 10,000 USD threshold
        direct(tb, 2, usdc, approve(router, amount));
        Path tx = txFile("big.json", 2, router, v2Swap(amount, BigInteger.ONE, List.of(usdc, weth), tb.accounts().get(2), deadline()));
        Run pending = submit(tx);
        assertEquals(4, pending.code(), pending.out());
        String id = JSON.readTree(pending.out()).get("approvalId").asText();

        Run list = run(new SandboxCommand(), "approvals", "--approvals", dir.resolve("approvals").toString());
        assertTrue(list.out().contains(id), list.out());
        assertEquals(0, run(new SandboxCommand(), "approvals", "approve", id, "--approvals", dir.resolve("approvals").toString()).code());
        Run resumed = submit(null, "--approval", id);
        assertEquals(0, resumed.code(), resumed.out());
        assertEquals("allow", JSON.readTree(resumed.out()).get("decision").asText());

        Run pending2 = submit(tx);
        String id2 = JSON.readTree(pending2.out()).get("approvalId").asText();
        run(new SandboxCommand(), "approvals", "reject", id2, "--approvals", dir.resolve("approvals").toString());
        Run rejected = submit(null, "--approval", id2);
        assertEquals(3, rejected.code(), rejected.out());
    }

    @Test // attack: many small requests, each its own CLI process, jointly above the daily cap; and a replayed request id
    void rollingCapsAndReplayProtectionSurviveAcrossInvocations() throws Exception {
        Path f = dir.resolve("dep3.json");
        for (int i = 0; i < 8; i++) {
            Files.writeString(f, JSON.writeValueAsString(Map.of("chainId", 31337, "from", tb.accounts().get(4).toString(),
                    "to", tb.addressBook().contract("WETH").toString(), "value", "3000000000000000000", "id", "dep-" + i,
                    "data", Hex.data(Abi.encodeCall("deposit()")))));
            Run r = submit(f);
            // native cap: 20 ETH per window → six 3-ETH deposits fit, the 7th and 8th do not
            assertEquals(i < 6 ? 0 : 3, r.code(), i + ": " + r.out());
            if (i >= 6) {
                assertTrue(r.out().contains("window-cap"), r.out());
            }
        }
        Files.writeString(f, JSON.writeValueAsString(Map.of("chainId", 31337, "from", tb.accounts().get(5).toString(),
                "to", tb.addressBook().contract("WETH").toString(), "value", "1", "id", "dep-0",
                "data", Hex.data(Abi.encodeCall("deposit()")))));
        Run replay = submit(f);
        assertEquals(3, replay.code(), replay.out());
        assertTrue(replay.out().contains("replay"), replay.out());
    }

    @Test // attack: restart the process to get a fresh rate limit
    void theRateLimitSurvivesAcrossInvocations() throws Exception {
        Path policy = dir.resolve("rate.yaml");
        String yaml = Files.readString(home().resolve("config/policies/default.yaml"));
        assertTrue(yaml.contains("rateLimit: {maxRequests: 120, perSeconds: 60,"), "the default policy's rate limit moved");
        Files.writeString(policy, yaml.replace("rateLimit: {maxRequests: 120, perSeconds: 60,", "rateLimit: {maxRequests: 2, perSeconds: 3600,"));
        Path book = dir.resolve("book.json");
        Files.writeString(book, JSON.writeValueAsString(tb.describe()));
        Path f = dir.resolve("rate.json");
        for (int i = 0; i < 3; i++) {
            Files.writeString(f, JSON.writeValueAsString(Map.of("chainId", 31337, "from", tb.accounts().get(6).toString(),
                    "to", tb.addressBook().contract("WETH").toString(), "value", "1", "id", "rate-" + i,
                    "data", Hex.data(Abi.encodeCall("deposit()")))));
            Run r = run(new SandboxCommand(), "submit", "--rpc", tb.rpcUrl(), "--policy", policy.toString(), "--tx", f.toString(),
                    "--journal", dir.resolve("rj").toString(), "--address-book", book.toString());
            assertEquals(i < 2 ? 0 : 3, r.code(), i + ": " + r.out());
            assertEquals(i >= 2, r.out().contains("rate-limit"), r.out());
        }
    }

    @Test
    void killCommandBlocksSubmissionsUntilReleased() throws Exception {
        Path kill = dir.resolve("KILL");
        Path policy = dir.resolve("p.yaml");
        Files.writeString(policy, Files.readString(home().resolve("config/policies/default.yaml"))
                .replace("file: \".consilium/KILL\"", "file: \"" + kill + "\""));
        Path tx = txFile("dep.json", 3, tb.addressBook().contract("WETH"), Abi.encodeCall("deposit()"));
        Path book = dir.resolve("book.json");
        Files.writeString(book, JSON.writeValueAsString(tb.describe()));
        assertEquals(0, run(new SandboxCommand(), "kill", "--file", kill.toString()).code());
        Run r = run(new SandboxCommand(), "submit", "--rpc", tb.rpcUrl(), "--policy", policy.toString(), "--tx", tx.toString(),
                "--journal", dir.resolve("j").toString(), "--address-book", book.toString());
        assertEquals(3, r.code(), r.out());
        assertTrue(r.out().contains("kill-switch"));
        run(new SandboxCommand(), "kill", "--off", "--file", kill.toString());
        Run r2 = run(new SandboxCommand(), "submit", "--rpc", tb.rpcUrl(), "--policy", policy.toString(), "--tx", tx.toString(),
                "--journal", dir.resolve("j").toString(), "--address-book", book.toString());
        assertEquals(0, r2.code(), r2.out());
    }
}
