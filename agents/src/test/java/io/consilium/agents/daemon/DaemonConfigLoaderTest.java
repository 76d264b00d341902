package io.consilium.agents.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.agents.AgentsUserError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad daemon configs give one clear error naming the file and key. */
class DaemonConfigLoaderTest {
    @TempDir
    Path dir;

    private String error(String yaml) throws Exception {
        Path f = dir.resolve("daemon.yaml");
        Files.writeString(f, yaml);
        AgentsUserError e = assertThrows(AgentsUserError.class, () -> DaemonConfigLoader.load(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage();
    }

    private static final String GOOD = """
            mode: live
            chain: { testbed: { marketSim: true } }
            wallet: { devAccount: 1 }
            policy: config/policies/default.yaml
            strategies: [ { file: a.yaml, budget: { USDC: "100" } } ]
            portfolio: { quote: USDC }
            journal: j
            """;

    @Test
    void theShippedDefaultIsValid() {
        DaemonConfig c = DaemonConfigLoader.load(Path.of(System.getProperty("consilium.home"), "config", "daemon.yaml"));
        assertEquals("live", c.mode());
        assertTrue(c.wallet().devAccount() != null);
    }

    @Test
    void aMinimalConfigLoads() throws Exception {
        Path f = dir.resolve("ok.yaml");
        Files.writeString(f, GOOD);
        assertEquals("USDC", DaemonConfigLoader.load(f).portfolio().quote());
    }

    @Test
    void unknownKeyNamesTheKeyAndTheKnownOnes() throws Exception {
        String m = error(GOOD + "journl: x\n");
        assertTrue(m.contains("unknown key 'journl'") && m.contains("journal"), m);
    }

    @Test
    void badModeIsNamed() throws Exception {
        assertTrue(error(GOOD.replace("mode: live", "mode: yolo")).contains("key 'mode'"));
    }

    @Test
    void devKeysOnlyOnTheTestbed() throws Exception {
        String m = error(GOOD.replace("{ testbed: { marketSim: true } }",
                "{ endpoints: [ \"http://127.0.0.1:8545\" ], pools: [ \"V2:WETH/USDC\" ], addressBook: book.json }"));
        assertTrue(m.contains("wallet.devAccount") && m.contains("DEV-ONLY"), m);
    }

    @Test
    void wrongTypeNamesTheKeyAndLine() throws Exception {
        String m = error(GOOD.replace("wallet: { devAccount: 1 }", "wallet: { devAccount: [1] }"));
        assertTrue(m.contains("wallet.devAccount") && m.contains(":3:"), m);
    }

    @Test
    void budgetMustBeADecimal() throws Exception {
        assertTrue(error(GOOD.replace("\"100\"", "lots")).contains("budget.USDC"));
    }

    @Test
    void missingFileSaysWhatToDo() {
        AgentsUserError e = assertThrows(AgentsUserError.class, () -> DaemonConfigLoader.load(dir.resolve("none.yaml")));
        assertTrue(e.getMessage().contains("--config"), e.getMessage());
    }

    @Test
    void dashboardStaysOnLoopback() throws Exception {
        assertTrue(error(GOOD + "http: { host: 0.0.0.0 }\n").contains("loopback"));
    }
}
