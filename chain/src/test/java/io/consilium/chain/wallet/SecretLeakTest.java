package io.consilium.chain.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.chain.ChainUserError;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The objects that hold key material never print it, the failure paths never put it in a message,
 * and the detector itself finds a planted leak (so a green run means something).
 */
@ExtendWith(LeakWatch.class)
class SecretLeakTest {
    @Test
    void detectorFindsPlantedLeaksOfEveryKind() {
        assertTrue(TestSecrets.count() > 40, "secrets known: " + TestSecrets.count());
        assertEquals(1, TestSecrets.findLeaks(List.of("oops 0x" + TestSecrets.KEY_HEX.toUpperCase())).size());
        assertEquals(1, TestSecrets.findLeaks(List.of("pw=" + TestSecrets.PASSWORD)).size());
        String[] w = TestSecrets.OWN_MNEMONIC.split(" ");
        assertEquals(1, TestSecrets.findLeaks(List.of("words: " + w[4] + "  " + w[5] + "\n" + w[6])).size());
        assertEquals(0, TestSecrets.findLeaks(List.of("keystore x: wrong password, or the file is corrupt")).size());
    }

    @Test
    void toStringShowsTheAddressOnly() {
        PrivateKey key = PrivateKey.of(HexFormat.of().parseHex(TestSecrets.KEY_HEX));
        LocalSigner signer = new LocalSigner(key);
        Bip32.Node node = Bip32.master(Bip39.seed(TestSecrets.OWN_MNEMONIC.toCharArray(), new char[0])).derivePath("m/44'/60'/0'/0/0");
        for (Object o : new Object[] {key, signer, node}) {
            LeakWatch.record(o.toString());
            assertFalse(o.toString().toLowerCase().contains(TestSecrets.KEY_HEX));
        }
        assertTrue(key.toString().contains(key.address().toString()));
        key.destroy();
        IllegalStateException gone = LeakWatch.assertThrows(IllegalStateException.class, () -> signer.sign(new io.consilium.chain.tx.Eip1559Tx(io.consilium.chain.domain.ChainId.ANVIL, 0,
                java.math.BigInteger.ONE, java.math.BigInteger.TWO, java.math.BigInteger.valueOf(21000), null, java.math.BigInteger.ZERO, null)));
        assertTrue(gone.getMessage().contains("destroyed"));
    }

    @Test
    void failurePathsKeepSecretsOutOfMessages(@TempDir Path dir) throws Exception {
        PrivateKey key = PrivateKey.of(HexFormat.of().parseHex(TestSecrets.KEY_HEX));
        Path f = Keystore.write(dir, key, TestSecrets.PASSWORD.toCharArray(), new Keystore.ScryptParams(16, 8, 1));
        LeakWatch.assertThrows(ChainUserError.class, () -> Keystore.decrypt(f, TestSecrets.OTHER_PASSWORD.toCharArray()));
        assertEquals(key.address(), Keystore.decrypt(f, TestSecrets.PASSWORD.toCharArray()).address());
        LeakWatch.assertThrows(ChainUserError.class, () -> Bip39.validate((TestSecrets.OWN_MNEMONIC + " abandon").toCharArray()));
        String[] w = TestSecrets.OWN_MNEMONIC.split(" ");
        String typo = TestSecrets.OWN_MNEMONIC.replace(w[3], w[3] + "x");
        LeakWatch.assertThrows(ChainUserError.class, () -> Bip39.validate(typo.toCharArray()));
        LeakWatch.assertThrows(ChainUserError.class, () -> HdWallet.ethereumKey(typo.toCharArray(), new char[0], 0));
        LeakWatch.assertThrows(IllegalArgumentException.class, () -> PrivateKey.of(HexFormat.of().parseHex("ff".repeat(32))));
        LeakWatch.assertThrows(ChainUserError.class, () -> Keystore.decrypt(new ObjectMapper().readTree("{\"version\":3}"),
                TestSecrets.PASSWORD.toCharArray(), "empty"));
        LeakWatch.assertThrows(IllegalArgumentException.class, () -> Bip32.validateExtendedKey(
                Bip32.master(Bip39.seed(TestSecrets.OWN_MNEMONIC.toCharArray(), new char[0])).xprv() + "1"));
    }
}
