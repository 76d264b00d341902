package io.consilium.chain.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consilium.chain.ChainUserError;
import io.consilium.chain.dex.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LeakWatch.class)
class KeystoreTest {
    private static final Keystore.ScryptParams LIGHT = new Keystore.ScryptParams(1 << 4, 8, 1);

    static int checkVectorFile(Path file) throws Exception {
        JsonNode all = new ObjectMapper().readTree(file.toFile());
        int n = 0;
        for (Map.Entry<String, JsonNode> e : all.properties()) {
            JsonNode v = e.getValue();
            PrivateKey key = Keystore.decrypt(v.get("json"), v.get("password").asText().toCharArray(), e.getKey());
            assertEquals(Secp256k1.address(HexFormat.of().parseHex(pad64(v.get("priv").asText()))), key.address(), e.getKey());
            assertEquals(pad64(v.get("priv").asText()), HexFormat.of().formatHex(key.bytes()), e.getKey());
            n++;
        }
        return n;
    }

    private static String pad64(String hex) {
        String h = hex.startsWith("0x") ? hex.substring(2) : hex;
        return "0".repeat(64 - h.length()) + h;
    }

    @Test
    void decryptsEthereumTestsKeystores() throws Exception {
        assertEquals(5, checkVectorFile(SharedData.path("signing", "ethereum-tests", "KeyStoreTests", "basic_tests.json")));
    }

    @Test
    void decryptsGethKeystores() throws Exception {
        assertEquals(4, checkVectorFile(SharedData.path("signing", "keystore-geth", "v3_test_vector.json")));
        PrivateKey k = Keystore.decrypt(SharedData.path("signing", "keystore-geth", "very-light-scrypt.json"), new char[0]);
        assertEquals("0x45dea0fb0bba44f4fcf290bba71fd57d7117cbb8", k.address().hex());
    }

    @Test
    void wrongPasswordAndCorruptMacGiveTheSameError() throws Exception {
        Path f = SharedData.path("signing", "keystore-geth", "very-light-scrypt.json");
        ChainUserError wrong = LeakWatch.assertThrows(ChainUserError.class, () -> Keystore.decrypt(f, "nope".toCharArray()));
        ObjectNode corrupt = (ObjectNode) new ObjectMapper().readTree(f.toFile());
        String mac = corrupt.get("crypto").get("mac").asText();
        ((ObjectNode) corrupt.get("crypto")).put("mac", (mac.charAt(0) == '0' ? "1" : "0") + mac.substring(1));
        ChainUserError bad = LeakWatch.assertThrows(ChainUserError.class, () -> Keystore.decrypt(corrupt, new char[0], f.toString()));
        assertEquals(wrong.getMessage(), bad.getMessage());
        ObjectNode flipped = (ObjectNode) new ObjectMapper().readTree(f.toFile());
        String ct = flipped.get("crypto").get("ciphertext").asText();
        ((ObjectNode) flipped.get("crypto")).put("ciphertext", (ct.charAt(0) == 'a' ? "b" : "a") + ct.substring(1));
        assertEquals(wrong.getMessage(),
                LeakWatch.assertThrows(ChainUserError.class, () -> Keystore.decrypt(flipped, new char[0], f.toString())).getMessage());
    }

    @Test
    void refusesHostileKdfParametersBeforeRunningTheKdf() throws Exception {
        ObjectMapper om = new ObjectMapper();
        JsonNode base = om.readTree(SharedData.path("signing", "keystore-geth", "very-light-scrypt.json").toFile());
        String[][] cases = {
            {"n", "1073741824"}, {"n", "3"}, {"r", "64"}, {"p", "1000"}, {"dklen", "64"},
        };
        for (String[] c : cases) {
            ObjectNode ks = base.deepCopy();
            ((ObjectNode) ks.get("crypto").get("kdfparams")).put(c[0], Long.parseLong(c[1]));
            ChainUserError e = LeakWatch.assertThrows(ChainUserError.class, () -> Keystore.decrypt(ks, new char[0], "hostile"));
            // The bounds check's own message proves the refusal came before any KDF work (no timing assertion).
            assertTrue(e.getMessage().contains("refusing KDF parameters"), e.getMessage());
        }
        ObjectNode mem = base.deepCopy();
        ((ObjectNode) mem.get("crypto").get("kdfparams")).put("n", 1 << 20).put("r", 8);
        assertTrue(LeakWatch.assertThrows(ChainUserError.class, () -> Keystore.decrypt(mem, new char[0], "mem")).getMessage().contains("MiB"));
        ObjectNode pb = om.readTree(SharedData.path("signing", "keystore-geth", "v3_test_vector.json").toFile())
                .get("wikipage_test_vector_pbkdf2").get("json").deepCopy();
        ((ObjectNode) pb.get("crypto").get("kdfparams")).put("c", 2_000_000_000L);
        LeakWatch.assertThrows(ChainUserError.class, () -> Keystore.decrypt(pb, "testpassword".toCharArray(), "pbkdf2"));
        ((ObjectNode) pb.get("crypto").get("kdfparams")).put("c", 1000).put("prf", "hmac-md5");
        LeakWatch.assertThrows(ChainUserError.class, () -> Keystore.decrypt(pb, "testpassword".toCharArray(), "pbkdf2"));
    }

    @Test
    void writesOwnerOnlyFilesWithTheStandardNameAndReadsThemBack(@TempDir Path dir) throws Exception {
        PrivateKey key = PrivateKey.of(HexFormat.of().parseHex("4646464646464646464646464646464646464646464646464646464646464646"));
        Path ksDir = dir.resolve("keys");
        Path f = Keystore.write(ksDir, key, "pässword".toCharArray(), LIGHT);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ksDir)));
        assertTrue(f.getFileName().toString().matches(
                "UTC--\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{9}Z--9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f"), f.toString());
        assertEquals(key.address(), Keystore.declaredAddress(f));
        assertEquals(key.address(), Keystore.decrypt(f, "pässword".toCharArray()).address());
        LeakWatch.assertThrows(ChainUserError.class, () -> Keystore.decrypt(f, "password".toCharArray()));
        String json = Files.readString(f);
        assertTrue(!json.contains("4646464646464646"), "no plaintext key in the file");
    }

    @Test
    void standardParametersRoundTrip(@TempDir Path dir) {
        PrivateKey key = PrivateKey.of(HexFormat.of().parseHex("01".repeat(32)));
        Path f = Keystore.write(dir, key, "pw".toCharArray(), Keystore.STANDARD);
        assertEquals(key.address(), Keystore.decrypt(f, "pw".toCharArray()).address());
    }
}
