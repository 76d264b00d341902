package io.consilium.chain.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.dex.SharedData;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every secret the wallet tests use: private keys (from the vector files and the tests), passwords
 * of six characters or more (shorter ones such as "foo" would match ordinary words), and mnemonics,
 * where any three consecutive words count as a leak.
 */
public final class TestSecrets {
    /** Secrets used by this project's own tests (not from vector files). */
    public static final String PASSWORD = "correct-Horse-battery-9";
    public static final String OTHER_PASSWORD = "wrong-Horse-battery-9";
    public static final String KEY_HEX = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
    public static final String MNEMONIC = "test test test test test test test test test test test junk";
    /** A valid 18-word mnemonic of our own (fixed entropy), so no vector's words are needed for the CLI tests. */
    public static final String OWN_MNEMONIC = new String(Bip39.fromEntropy(java.util.HexFormat.of().parseHex("3c5a".repeat(12))));
    private static final Set<String> KEYS = new LinkedHashSet<>();
    private static final Set<String> PASSWORDS = new LinkedHashSet<>();
    private static final List<String[]> MNEMONICS = new ArrayList<>();

    static {
        KEYS.add(KEY_HEX);
        KEYS.add("46".repeat(32));
        KEYS.add("01".repeat(32));
        KEYS.add("8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63");
        KEYS.add(SharedData.json("signing", "eip-712", "mail_vector.json").get("privateKey").asText().substring(2));
        for (String f : new String[] {"ethereum-tests/KeyStoreTests/basic_tests.json", "keystore-geth/v3_test_vector.json"}) {
            JsonNode all = SharedData.json(("signing/" + f).split("/"));
            for (Map.Entry<String, JsonNode> e : all.properties()) {
                KEYS.add(e.getValue().get("priv").asText().replaceFirst("^0x", ""));
                PASSWORDS.add(e.getValue().get("password").asText());
            }
        }
        for (JsonNode v : SharedData.json("signing", "ethereumjs-tx", "eip1559.json")) {
            KEYS.add(v.get("privateKey").asText().substring(2));
        }
        PASSWORDS.add(PASSWORD);
        PASSWORDS.add(OTHER_PASSWORD);
        PASSWORDS.add("pässword");
        PASSWORDS.removeIf(p -> p.length() < 6);
        MNEMONICS.add(MNEMONIC.split(" "));
        MNEMONICS.add(OWN_MNEMONIC.split(" "));
        for (JsonNode v : SharedData.json("signing", "bip39", "vectors.json").get("english")) {
            MNEMONICS.add(v.get(1).asText().split(" "));
        }
    }

    private TestSecrets() {}

    public static int count() {
        return KEYS.size() + PASSWORDS.size() + MNEMONICS.size();
    }

    /** Returns a description of each leak found (naming the kind of secret, not the secret). */
    public static List<String> findLeaks(List<String> texts) {
        List<String> leaks = new ArrayList<>();
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            String lower = text.toLowerCase(Locale.ROOT);
            int k = 0;
            for (String key : KEYS) {
                k++;
                if (lower.contains(key.toLowerCase(Locale.ROOT))) {
                    leaks.add("private key #" + k + " in: " + abbreviate(text));
                }
            }
            for (String p : PASSWORDS) {
                if (text.contains(p)) {
                    leaks.add("a password in: " + abbreviate(text));
                }
            }
            String words = " " + lower.replaceAll("\\s+", " ") + " ";
            for (String[] m : MNEMONICS) {
                for (int i = 0; i + 3 <= m.length; i++) {
                    if (words.contains(" " + m[i] + " " + m[i + 1] + " " + m[i + 2] + " ")) {
                        leaks.add("a mnemonic word sequence in: " + abbreviate(text));
                        break;
                    }
                }
            }
        }
        return leaks;
    }

    private static String abbreviate(String s) {
        return s.length() <= 30 ? "(" + s.length() + " chars)" : "(" + s.length() + " chars, starting " + s.substring(0, 12) + "...)";
    }
}
