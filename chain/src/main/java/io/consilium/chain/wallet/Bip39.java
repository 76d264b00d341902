package io.consilium.chain.wallet;

import io.consilium.chain.ChainUserError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * BIP-39 mnemonics with the English word list: entropy to words with the SHA-256 checksum, checksum
 * validation, and the seed PBKDF2-HMAC-SHA512(NFKD(mnemonic), "mnemonic" + NFKD(passphrase), 2048).
 * Mnemonics are passed as char[] so callers can wipe them; error messages name word positions, never words.
 */
public final class Bip39 {
    private static final List<String> WORDS = load();
    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        for (int i = 0; i < WORDS.size(); i++) {
            INDEX.put(WORDS.get(i), i);
        }
    }

    private Bip39() {}

    private static List<String> load() {
        try (InputStream in = Bip39.class.getResourceAsStream("bip39-english.txt")) {
            if (in == null) {
                throw new IllegalStateException("bip39-english.txt missing from the chain module's resources");
            }
            List<String> words = new ArrayList<>(2048);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (!line.isBlank()) {
                        words.add(line.trim());
                    }
                }
            }
            if (words.size() != 2048) {
                throw new IllegalStateException("BIP-39 word list has " + words.size() + " words, expected 2048");
            }
            return List.copyOf(words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Words for 16, 20, 24, 28 or 32 bytes of entropy, separated by single spaces. */
    public static char[] fromEntropy(byte[] entropy) {
        int ent = entropy.length * 8;
        if (ent < 128 || ent > 256 || ent % 32 != 0) {
            throw new IllegalArgumentException("entropy must be 128..256 bits in steps of 32, got " + ent);
        }
        byte[] hash = sha256(entropy);
        int cs = ent / 32;
        int words = (ent + cs) / 11;
        StringBuilder sb = new StringBuilder(words * 9);
        for (int w = 0; w < words; w++) {
            int idx = 0;
            for (int b = 0; b < 11; b++) {
                int bit = w * 11 + b;
                boolean set = bit < ent ? bitAt(entropy, bit) : bitAt(hash, bit - ent);
                idx = (idx << 1) | (set ? 1 : 0);
            }
            sb.append(w == 0 ? "" : " ").append(WORDS.get(idx));
        }
        char[] out = new char[sb.length()];
        sb.getChars(0, sb.length(), out, 0);
        sb.setLength(0);
        return out;
    }

    /** Checks word count, word list membership and checksum; returns the entropy (caller wipes it). */
    public static byte[] toEntropy(char[] mnemonic) {
        List<char[]> words = split(mnemonic);
        try {
            int n = words.size();
            if (n < 12 || n > 24 || n % 3 != 0) {
                throw new ChainUserError("mnemonic has " + n + " words; a BIP-39 mnemonic has 12, 15, 18, 21 or 24");
            }
            int totalBits = n * 11;
            int cs = totalBits / 33;
            int ent = totalBits - cs;
            byte[] bits = new byte[(totalBits + 7) / 8];
            for (int w = 0; w < n; w++) {
                Integer idx = INDEX.get(new String(words.get(w)));
                if (idx == null) {
                    throw new ChainUserError("mnemonic word " + (w + 1) + " is not in the BIP-39 English word list");
                }
                for (int b = 0; b < 11; b++) {
                    if ((idx & (1 << (10 - b))) != 0) {
                        int bit = w * 11 + b;
                        bits[bit / 8] |= (byte) (0x80 >>> (bit % 8));
                    }
                }
            }
            byte[] entropy = Arrays.copyOf(bits, ent / 8);
            byte[] hash = sha256(entropy);
            for (int i = 0; i < cs; i++) {
                if (bitAt(bits, ent + i) != bitAt(hash, i)) {
                    Arrays.fill(bits, (byte) 0);
                    Arrays.fill(entropy, (byte) 0);
                    throw new ChainUserError("mnemonic checksum is wrong: a word is mistyped or out of order");
                }
            }
            Arrays.fill(bits, (byte) 0);
            return entropy;
        } finally {
            words.forEach(w -> Arrays.fill(w, '\0'));
        }
    }

    public static void validate(char[] mnemonic) {
        Arrays.fill(toEntropy(mnemonic), (byte) 0);
    }

    /** The 64-byte seed; the mnemonic is validated first. */
    public static byte[] seed(char[] mnemonic, char[] passphrase) {
        validate(mnemonic);
        return seedUnchecked(mnemonic, passphrase);
    }

    /** The seed without checksum validation (BIP-39 defines the seed for any sentence). */
    public static byte[] seedUnchecked(char[] mnemonic, char[] passphrase) {
        byte[] pw = nfkdUtf8(joinWords(mnemonic));
        char[] saltChars = new char[8 + passphrase.length];
        "mnemonic".getChars(0, 8, saltChars, 0);
        System.arraycopy(passphrase, 0, saltChars, 8, passphrase.length);
        byte[] salt = nfkdUtf8(saltChars);
        Arrays.fill(saltChars, '\0');
        try {
            PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA512Digest());
            gen.init(pw, salt, 2048);
            return ((KeyParameter) gen.generateDerivedParameters(512)).getKey();
        } finally {
            Arrays.fill(pw, (byte) 0);
            Arrays.fill(salt, (byte) 0);
        }
    }

    /** Words separated by single spaces, lower-cased (the canonical sentence), as a fresh char[]. */
    private static char[] joinWords(char[] mnemonic) {
        List<char[]> words = split(mnemonic);
        int len = words.stream().mapToInt(w -> w.length).sum() + Math.max(0, words.size() - 1);
        char[] out = new char[len];
        int pos = 0;
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) {
                out[pos++] = ' ';
            }
            System.arraycopy(words.get(i), 0, out, pos, words.get(i).length);
            pos += words.get(i).length;
            Arrays.fill(words.get(i), '\0');
        }
        return out;
    }

    private static List<char[]> split(char[] s) {
        List<char[]> words = new ArrayList<>();
        int i = 0;
        while (i < s.length) {
            while (i < s.length && Character.isWhitespace(s[i])) {
                i++;
            }
            int start = i;
            while (i < s.length && !Character.isWhitespace(s[i])) {
                i++;
            }
            if (i > start) {
                char[] w = Arrays.copyOfRange(s, start, i);
                for (int k = 0; k < w.length; k++) {
                    w[k] = Character.toLowerCase(w[k]);
                }
                words.add(w);
            }
        }
        return words;
    }

    /** NFKD then UTF-8; ASCII input is already NFKD, so it never becomes a String. */
    private static byte[] nfkdUtf8(char[] chars) {
        boolean ascii = true;
        for (char c : chars) {
            ascii &= c < 0x80;
        }
        if (ascii) {
            byte[] out = new byte[chars.length];
            for (int i = 0; i < chars.length; i++) {
                out[i] = (byte) chars[i];
            }
            Arrays.fill(chars, '\0');
            return out;
        }
        String normalized = Normalizer.normalize(java.nio.CharBuffer.wrap(chars), Normalizer.Form.NFKD);
        Arrays.fill(chars, '\0');
        return normalized.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean bitAt(byte[] b, int bit) {
        return (b[bit / 8] & (0x80 >>> (bit % 8))) != 0;
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
