package io.consilium.chain.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.dex.SharedData;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakWatch.class)
class Bip32Test {
    private static final JsonNode V = SharedData.json("signing", "bip32", "bip32_vectors.json");

    @Test
    void allValidDerivations() {
        int n = 0;
        for (JsonNode vector : V.get("valid")) {
            Bip32.Node master = Bip32.master(HexFormat.of().parseHex(vector.get("seed").asText()));
            for (JsonNode chain : vector.get("chains")) {
                Bip32.Node node = master.derivePath(chain.get("path").asText());
                assertEquals(chain.get("xprv").asText(), node.xprv(), chain.get("path").asText());
                assertEquals(chain.get("xpub").asText(), node.xpub(), chain.get("path").asText());
                Bip32.validateExtendedKey(chain.get("xprv").asText());
                Bip32.validateExtendedKey(chain.get("xpub").asText());
                n++;
            }
        }
        assertEquals(17, n);
    }

    @Test
    void allInvalidExtendedKeysAreRejected() {
        int n = 0;
        for (JsonNode bad : V.get("invalid")) {
            LeakWatch.assertThrows(IllegalArgumentException.class, () -> Bip32.validateExtendedKey(bad.get("key").asText()),
                    bad.get("reason").asText());
            n++;
        }
        assertEquals(16, n);
    }

    @Test
    void ethereumPathMatchesMetaMaskForTheWellKnownDevMnemonic() {
        // the Hardhat/anvil/MetaMask test mnemonic: its first accounts are public knowledge
        char[] m = "test test test test test test test test test test test junk".toCharArray();
        assertEquals("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", HdWallet.ethereumKey(m.clone(), new char[0], 0).address().hex());
        assertEquals("0x70997970c51812dc3a010c7d01b50e0d17dc79c8", HdWallet.ethereumKey(m.clone(), new char[0], 1).address().hex());
        assertEquals("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc", HdWallet.ethereumKey(m.clone(), new char[0], 2).address().hex());
    }
}
