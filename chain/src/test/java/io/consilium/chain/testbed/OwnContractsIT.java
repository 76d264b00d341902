package io.consilium.chain.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed contract artifacts are what the pinned solc makes of the committed sources. */
class OwnContractsIT {
    @TempDir
    Path out;

    @Test
    void committedArtifactsMatchTheSources() throws Exception {
        Path home = Path.of(System.getProperty("consilium.home"));
        Process p = new ProcessBuilder("node", home.resolve("chain/src/main/solidity/compile.mjs").toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        p.waitFor(120, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), log);
        ObjectMapper json = new ObjectMapper();
        for (String name : List.of("TestToken", "Multicall3")) {
            try (InputStream committed = Artifacts.class.getResourceAsStream("contracts/" + name + ".json")) {
                assertEquals(json.readTree(out.resolve(name + ".json").toFile()).get("bytecode"),
                        json.readTree(committed).get("bytecode"), name + ": run node chain/src/main/solidity/compile.mjs");
            }
        }
    }
}
