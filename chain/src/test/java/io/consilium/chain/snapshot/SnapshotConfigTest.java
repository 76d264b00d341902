package io.consilium.chain.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.chain.ChainUserError;
import io.consilium.chain.domain.Address;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotConfigTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path p = dir.resolve("pools.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    @Test
    void readsTheDocumentedShapeIncludingUnquotedHexAddresses() throws Exception {
        SnapshotConfig c = SnapshotConfig.load(write("""
                tokens:
                  USDC: 0x00000000000000000000000000000000000000aa
                  WETH: "0x00000000000000000000000000000000000000bb"
                accounts: [0x00000000000000000000000000000000000000cc]
                allowances:
                  - {owner: 0x00000000000000000000000000000000000000cc, spender: 0x00000000000000000000000000000000000000dd, token: USDC}
                pools:
                  - {name: "V2:WETH/USDC", type: v2, address: 0x00000000000000000000000000000000000000ee}
                  - {type: V3, address: "0x00000000000000000000000000000000000000ff", tickWords: 2}
                """));
        assertEquals(Multicall3.CANONICAL, c.multicall());
        assertEquals(Address.of("0x00000000000000000000000000000000000000aa"), c.tokens().get("USDC"));
        assertEquals(1, c.accounts().size());
        assertEquals("USDC", c.allowances().getFirst().token());
        assertEquals(SnapshotConfig.PoolType.V3, c.pools().get(1).type());
        assertEquals(2, c.pools().get(1).tickWords());
        assertTrue(c.pools().get(1).name().startsWith("V3:"));
    }

    @Test
    void mistakesNameTheKey() throws Exception {
        ChainUserError e = assertThrows(ChainUserError.class, () -> SnapshotConfig.load(write("""
                pools:
                  - {type: v4, address: "0x00000000000000000000000000000000000000ff"}
                """)));
        assertTrue(e.getMessage().contains("pools[0].type"), e.getMessage());
        e = assertThrows(ChainUserError.class, () -> SnapshotConfig.load(write("""
                accounts: ["0x123"]
                """)));
        assertTrue(e.getMessage().contains("accounts[0]"), e.getMessage());
        e = assertThrows(ChainUserError.class, () -> SnapshotConfig.load(write("""
                allowances: [{owner: "0x00000000000000000000000000000000000000cc", spender: "0x00000000000000000000000000000000000000cc", token: DAI}]
                """)));
        assertTrue(e.getMessage().contains("allowances[0].token"), e.getMessage());
    }
}
