package io.consilium.chain.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consilium.chain.ChainUserError;
import io.consilium.chain.domain.Address;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Hash;

/**
 * Web3 Secret Storage (v3) keystore files: decrypts scrypt and pbkdf2 files after checking their KDF
 * parameters against {@link KdfBounds}, and writes new scrypt files readable by the owner only under
 * the standard {@code UTC--<time>--<address>} name. A wrong password and a corrupt file fail the same
 * way, with one message that contains neither the password nor any key material.
 */
public final class Keystore {
    /** geth/MetaMask "standard" scrypt: n=2^18, r=8, p=1. */
    public static final ScryptParams STANDARD = new ScryptParams(1 << 18, 8, 1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = LoggerFactory.getLogger(Keystore.class);

    private Keystore() {}

    public record ScryptParams(int n, int r, int p) {}

    /** Reads and decrypts a keystore file. */
    public static PrivateKey decrypt(Path file, char[] password) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ChainUserError("keystore " + file + ": cannot read it as JSON (" + e.getClass().getSimpleName()
                    + "); give the path of a Web3 Secret Storage v3 file");
        }
        return decrypt(root, password, file.toString());
    }

    /** Decrypts a keystore JSON object; {@code name} identifies it in error messages. */
    public static PrivateKey decrypt(JsonNode root, char[] password, String name) {
        if (root == null || !root.isObject() || root.path("version").asInt() != 3) {
            throw new ChainUserError("keystore " + name + ": not a version 3 keystore");
        }
        JsonNode crypto = root.has("crypto") ? root.get("crypto") : root.get("Crypto");
        if (crypto == null) {
            throw new ChainUserError("keystore " + name + ": no 'crypto' section");
        }
        if (!"aes-128-ctr".equals(crypto.path("cipher").asText())) {
            throw new ChainUserError("keystore " + name + ": cipher '" + crypto.path("cipher").asText()
                    + "' is not supported (only aes-128-ctr)");
        }
        byte[] iv = hex(crypto.path("cipherparams").path("iv"), name, "cipherparams.iv");
        byte[] ciphertext = hex(crypto.path("ciphertext"), name, "ciphertext");
        byte[] mac = hex(crypto.path("mac"), name, "mac");
        if (iv.length != 16 || ciphertext.length < 1 || ciphertext.length > 32 || mac.length != 32) {
            throw new ChainUserError("keystore " + name + ": iv, ciphertext or mac has the wrong length");
        }
        LOG.debug("decrypting keystore {} ({})", name, crypto.path("kdf").asText());
        byte[] dk = deriveKey(crypto, password, name);
        try {
            byte[] macInput = new byte[16 + ciphertext.length];
            System.arraycopy(dk, 16, macInput, 0, 16);
            System.arraycopy(ciphertext, 0, macInput, 16, ciphertext.length);
            if (!MessageDigest.isEqual(Hash.sha3(macInput), mac)) {
                throw wrongPasswordOrCorrupt(name);
            }
            byte[] plain = aesCtr(Arrays.copyOf(dk, 16), iv, ciphertext);
            try {
                PrivateKey key = PrivateKey.of(plain);
                JsonNode declared = root.get("address");
                if (declared != null && !declared.asText().isEmpty()
                        && !Address.of(with0x(declared.asText())).equals(key.address())) {
                    key.destroy();
                    throw new ChainUserError("keystore " + name + ": the key does not belong to the address in the file");
                }
                return key;
            } catch (IllegalArgumentException e) {
                throw wrongPasswordOrCorrupt(name);
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } finally {
            Arrays.fill(dk, (byte) 0);
        }
    }

    /** The one message for both a wrong password and a damaged file: the MAC cannot tell them apart. */
    private static ChainUserError wrongPasswordOrCorrupt(String name) {
        return new ChainUserError("keystore " + name + ": wrong password, or the file is corrupt (MAC check failed)");
    }

    private static byte[] deriveKey(JsonNode crypto, char[] password, String name) {
        String kdf = crypto.path("kdf").asText();
        JsonNode p = crypto.path("kdfparams");
        byte[] salt = hex(p.path("salt"), name, "kdfparams.salt");
        long dklen = p.path("dklen").asLong(-1);
        byte[] pw = utf8(password);
        try {
            switch (kdf) {
                case "scrypt" -> {
                    long n = p.path("n").asLong(-1);
                    long r = p.path("r").asLong(-1);
                    long par = p.path("p").asLong(-1);
                    KdfBounds.checkScrypt(name, n, r, par, dklen, salt.length);
                    return Scrypt.derive(pw, salt, (int) n, (int) r, (int) par, (int) dklen);
                }
                case "pbkdf2" -> {
                    long c = p.path("c").asLong(-1);
                    KdfBounds.checkPbkdf2(name, p.path("prf").asText(), c, dklen, salt.length);
                    PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA256Digest());
                    gen.init(pw, salt, (int) c);
                    return ((KeyParameter) gen.generateDerivedParameters((int) dklen * 8)).getKey();
                }
                default -> throw new ChainUserError("keystore " + name + ": kdf '" + kdf
                        + "' is not supported (scrypt or pbkdf2)");
            }
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    /** Encrypts the key into a new file in {@code dir} (created owner-only if missing); returns its path. */
    public static Path write(Path dir, PrivateKey key, char[] password, ScryptParams params) {
        byte[] salt = random(32);
        byte[] iv = random(16);
        byte[] pw = utf8(password);
        KdfBounds.checkScrypt("(new)", params.n(), params.r(), params.p(), 32, salt.length);
        byte[] dk = Scrypt.derive(pw, salt, params.n(), params.r(), params.p(), 32);
        Arrays.fill(pw, (byte) 0);
        byte[] ciphertext;
        byte[] mac;
        try {
            ciphertext = aesCtr(Arrays.copyOf(dk, 16), iv, key.bytes());
            byte[] macInput = new byte[16 + ciphertext.length];
            System.arraycopy(dk, 16, macInput, 0, 16);
            System.arraycopy(ciphertext, 0, macInput, 16, ciphertext.length);
            mac = Hash.sha3(macInput);
        } finally {
            Arrays.fill(dk, (byte) 0);
        }
        String addr = key.address().hex().substring(2);
        ObjectNode root = JSON.createObjectNode();
        root.put("address", addr);
        ObjectNode crypto = root.putObject("crypto");
        crypto.put("cipher", "aes-128-ctr");
        crypto.put("ciphertext", HEX.formatHex(ciphertext));
        crypto.putObject("cipherparams").put("iv", HEX.formatHex(iv));
        crypto.put("kdf", "scrypt");
        ObjectNode kp = crypto.putObject("kdfparams");
        kp.put("dklen", 32).put("n", params.n()).put("p", params.p()).put("r", params.r()).put("salt", HEX.formatHex(salt));
        crypto.put("mac", HEX.formatHex(mac));
        root.put("id", UUID.randomUUID().toString());
        root.put("version", 3);
        Path written = writeOwnerOnly(dir, "UTC--" + NAME_TIME.format(Instant.now()) + "--" + addr, root);
        LOG.info("wrote keystore for {} to {}", key.address(), written);
        return written;
    }

    private static Path writeOwnerOnly(Path dir, String fileName, JsonNode content) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path tmp = Files.createTempFile(dir, ".keystore-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(tmp, JSON.writeValueAsBytes(content));
                Path target = dir.resolve(fileName);
                if (Files.exists(target)) {
                    throw new FileAlreadyExistsException(target.toString());
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                return target;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ChainUserError("keystore directory " + dir + ": cannot write the new keystore file ("
                    + e.getClass().getSimpleName() + "); check that it exists and is writable");
        }
    }

    /** The address a keystore file declares, without decrypting it; null if the file is not a keystore. */
    public static Address declaredAddress(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            String a = root == null ? "" : root.path("address").asText("");
            return root != null && root.path("version").asInt() == 3 && a.matches("(0x)?[0-9a-fA-F]{40}") ? Address.of(with0x(a)) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] aesCtr(byte[] key16, byte[] iv, byte[] input) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key16, "AES"), new IvParameterSpec(iv));
            return c.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128-CTR unavailable", e);
        } finally {
            Arrays.fill(key16, (byte) 0);
        }
    }

    static byte[] utf8(char[] chars) {
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        if (bb.hasArray()) {
            Arrays.fill(bb.array(), (byte) 0);
        }
        return out;
    }

    private static byte[] hex(JsonNode n, String name, String field) {
        String s = n == null ? "" : n.asText("");
        try {
            return HEX.parseHex(s.startsWith("0x") ? s.substring(2) : s);
        } catch (IllegalArgumentException e) {
            throw new ChainUserError("keystore " + name + ": " + field + " is not hex");
        }
    }

    private static String with0x(String a) {
        return a.startsWith("0x") ? a : "0x" + a;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
