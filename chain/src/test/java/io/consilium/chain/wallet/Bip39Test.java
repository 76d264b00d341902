package io.consilium.chain.wallet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.ChainUserError;
import io.consilium.chain.dex.SharedData;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakWatch.class)
class Bip39Test {
    @Test
    void trezorEnglishVectors() {
        JsonNode english = SharedData.json("signing", "bip39", "vectors.json").get("english");
        assertEquals(24, english.size());
        for (JsonNode v : english) {
            byte[] entropy = HexFormat.of().parseHex(v.get(0).asText());
            String mnemonic = v.get(1).asText();
            assertEquals(mnemonic, new String(Bip39.fromEntropy(entropy)));
            assertArrayEquals(entropy, Bip39.toEntropy(mnemonic.toCharArray()));
            byte[] seed = Bip39.seed(mnemonic.toCharArray(), "TREZOR".toCharArray());
            assertEquals(v.get(2).asText(), HexFormat.of().formatHex(seed));
            assertEquals(v.get(3).asText(), Bip32.master(seed).xprv());
        }
    }

    @Test
    void rejectsBadChecksumUnknownWordsAndWrongLengthWithoutEchoingWords() {
        String good = "legal winner thank year wave sausage worth useful legal winner thank yellow";
        Bip39.validate(good.toCharArray());
        ChainUserError cs = LeakWatch.assertThrows(ChainUserError.class,
                () -> Bip39.validate("legal winner thank year wave sausage worth useful legal winner thank thank".toCharArray()));
        assertTrue(cs.getMessage().contains("checksum"));
        ChainUserError unknown = LeakWatch.assertThrows(ChainUserError.class,
                () -> Bip39.validate("legal winner thank year wave sausage worth useful legal winner thank yelow".toCharArray()));
        assertTrue(unknown.getMessage().contains("word 12") && !unknown.getMessage().contains("yelow"));
        LeakWatch.assertThrows(ChainUserError.class, () -> Bip39.validate("legal winner thank".toCharArray()));
        // extra whitespace and capitals are tolerated
        Bip39.validate(("  Legal winner thank year wave sausage\n worth useful legal winner thank yellow ").toCharArray());
    }
}
