package io.consilium.chain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.chain.ChainUserError;
import io.consilium.chain.wallet.LeakWatch;
import io.consilium.chain.wallet.RawTxDecoder;
import io.consilium.chain.wallet.TestSecrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The wallet commands end to end, through picocli, with the CLI edge's user-error handling. */
@ExtendWith(LeakWatch.class)
class WalletCliTest {
    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new WalletCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        // the same contract as the agents' UserErrorHandler: a user error is one line and exit 1
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ChainUserError) {
                cmd.getErr().println("error: " + ex.getMessage());
                return 1;
            }
            throw ex;
        });
        int code = cli.execute(args);
        LeakWatch.record(out.toString());
        LeakWatch.record(err.toString());
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void newListImportAndSignTx(@TempDir Path tmp) throws Exception {
        Path ks = tmp.resolve("ks");
        Path pw = tmp.resolve("pw.txt");
        Files.writeString(pw, TestSecrets.PASSWORD + "\n");
        Run created = run("new", "--keystore", ks.toString(), "--password-file", pw.toString(), "--light-kdf");
        assertEquals(0, created.exit(), created.err());
        String newAddress = created.out().split(" ")[0];
        assertTrue(newAddress.matches("0x[0-9a-fA-F]{40}"), created.out());

        Path keyFile = tmp.resolve("key.txt");
        Files.writeString(keyFile, "0x" + TestSecrets.KEY_HEX + "\n");
        Run imported = run("import", "--private-key-file", keyFile.toString(), "--keystore", ks.toString(),
                "--password-file", pw.toString(), "--light-kdf");
        assertEquals(0, imported.exit(), imported.err());
        assertEquals("0x2c7536e3605d9c16a7a3d7b1898e529396a65c23", imported.out().split(" ")[0].toLowerCase());
        Path written = Path.of(imported.out().trim().split(" ")[1]);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));

        Run again = run("import", "--private-key-file", keyFile.toString(), "--keystore", ks.toString(),
                "--password-file", pw.toString(), "--light-kdf");
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("already has a keystore"), again.err());

        Path mnemonicFile = tmp.resolve("words.txt");
        Files.writeString(mnemonicFile, TestSecrets.MNEMONIC + "\n");
        Run fromWords = run("import", "--mnemonic-file", mnemonicFile.toString(), "--index", "1", "--keystore", ks.toString(),
                "--password-file", pw.toString(), "--light-kdf");
        assertEquals(0, fromWords.exit(), fromWords.err());
        assertEquals("0x70997970c51812dc3a010c7d01b50e0d17dc79c8", fromWords.out().split(" ")[0].toLowerCase());

        Run list = run("list", "--keystore", ks.toString());
        assertEquals(0, list.exit());
        assertEquals(3, list.out().lines().count(), list.out());
        assertTrue(list.out().toLowerCase().contains("0x2c7536e3605d9c16a7a3d7b1898e529396a65c23"));

        Path tx = tmp.resolve("tx.json");
        Files.writeString(tx, """
            {"chainId": 31337, "to": "0x000000000000000000000000000000000000dEaD", "value": "1000000000000000",
             "data": "0x", "nonce": 3, "gas": "21000", "maxFeePerGas": "30000000000", "maxPriorityFeePerGas": "1000000000"}
            """);
        Run signed = run("sign-tx", "--keystore", ks.toString(), "--account", "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23",
                "--tx", tx.toString(), "--password-file", pw.toString());
        assertEquals(0, signed.exit(), signed.err());
        String raw = signed.out().trim();
        assertTrue(raw.startsWith("0x02"), raw);
        RawTxDecoder.Decoded d = RawTxDecoder.decode(HexFormat.of().parseHex(raw.substring(2)), 31337);
        assertEquals("0x2c7536e3605d9c16a7a3d7b1898e529396a65c23", d.sender().hex());
        assertEquals(3, d.nonce().intValue());
        assertEquals("0x000000000000000000000000000000000000dead", d.to().hex());
    }

    @Test
    void wrongPasswordIsOneLineAndExitOne(@TempDir Path tmp) throws Exception {
        Path ks = tmp.resolve("ks");
        Path pw = tmp.resolve("pw.txt");
        Files.writeString(pw, TestSecrets.PASSWORD);
        Path keyFile = tmp.resolve("key.txt");
        Files.writeString(keyFile, TestSecrets.KEY_HEX);
        assertEquals(0, run("import", "--private-key-file", keyFile.toString(), "--keystore", ks.toString(),
                "--password-file", pw.toString(), "--light-kdf").exit());
        Path wrong = tmp.resolve("wrong.txt");
        Files.writeString(wrong, TestSecrets.OTHER_PASSWORD);
        Path tx = tmp.resolve("tx.json");
        Files.writeString(tx, "{\"chainId\": 1, \"to\": \"0x000000000000000000000000000000000000dEaD\", \"value\": \"0\","
                + " \"nonce\": 0, \"gas\": \"21000\", \"maxFeePerGas\": \"2\", \"maxPriorityFeePerGas\": \"1\"}");
        Run r = run("sign-tx", "--keystore", ks.toString(), "--account", "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23",
                "--tx", tx.toString(), "--password-file", wrong.toString());
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: keystore ") && r.err().contains("wrong password"), r.err());
    }

    @Test
    void userErrorsNameTheFileAndNeverEchoSecrets(@TempDir Path tmp) throws Exception {
        Path ks = tmp.resolve("ks");
        Path pw = tmp.resolve("pw.txt");
        Files.writeString(pw, TestSecrets.PASSWORD);
        Path badKey = tmp.resolve("bad.txt");
        Files.writeString(badKey, TestSecrets.KEY_HEX.substring(0, 60) + "zz");
        Run r = run("import", "--private-key-file", badKey.toString(), "--keystore", ks.toString(), "--password-file", pw.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains(badKey.toString()) && r.err().contains("64 hex digits"), r.err());
        Path badWords = tmp.resolve("words.txt");
        String[] w = TestSecrets.OWN_MNEMONIC.split(" ");
        String swapped = TestSecrets.OWN_MNEMONIC.replaceFirst(w[0] + " " + w[1], w[1] + " " + w[0]);
        Files.writeString(badWords, swapped);
        r = run("import", "--mnemonic-file", badWords.toString(), "--keystore", ks.toString(), "--password-file", pw.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("checksum"), r.err());
        Files.writeString(badWords, TestSecrets.OWN_MNEMONIC);
        r = run("import", "--mnemonic-file", badWords.toString(), "--keystore", ks.toString(), "--password-file", pw.toString(),
                "--light-kdf");
        assertEquals(0, r.exit(), r.err());
        r = run("sign-tx", "--keystore", ks.toString(), "--account", "0x000000000000000000000000000000000000dEaD",
                "--tx", tmp.resolve("none.json").toString(), "--password-file", pw.toString());
        assertEquals(1, r.exit());
        r = run("list", "--keystore", tmp.resolve("missing").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("does not exist"), r.err());
    }
}
