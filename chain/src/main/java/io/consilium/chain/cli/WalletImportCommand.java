package io.consilium.chain.cli;

import io.consilium.chain.wallet.HdWallet;
import io.consilium.chain.wallet.Keystore;
import io.consilium.chain.wallet.PrivateKey;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `consilium wallet import`: a private key or a BIP-39 mnemonic account into a new keystore file. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a private key, or account N of a BIP-39 mnemonic (m/44'/60'/0'/0/N), into a keystore.")
public final class WalletImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KeystoreOptions keystore = new KeystoreOptions();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--private-key-file", paramLabel = "FILE", description = "File holding the key as 64 hex digits.")
        Path privateKeyFile;

        @Option(names = "--mnemonic-file", paramLabel = "FILE", description = "File holding a BIP-39 English mnemonic.")
        Path mnemonicFile;
    }

    @Option(names = "--index", defaultValue = "0", paramLabel = "N", description = "Account index on m/44'/60'/0'/0/N (default 0).")
    int index;

    @Option(names = "--mnemonic-passphrase-file", paramLabel = "FILE",
            description = "Optional BIP-39 passphrase (the \"25th word\"), one trailing newline ignored.")
    Path passphraseFile;

    @Override
    public Integer call() {
        PrivateKey key = source.privateKeyFile != null ? fromKeyFile() : fromMnemonic();
        char[] password = null;
        try {
            if (java.nio.file.Files.isDirectory(keystore.dir)) {
                for (WalletListCommand.Entry e : WalletListCommand.scan(keystore.dir)) {
                    if (e.address().equals(key.address())) {
                        throw new io.consilium.chain.ChainUserError("account " + key.address() + " already has a keystore in "
                                + keystore.dir + ": " + e.file().getFileName() + "; nothing was written");
                    }
                }
            }
            password = SecretInput.password(keystore.passwordFile, true);
            WalletNewCommand.requireNonEmpty(password);
            Path file = Keystore.write(keystore.dir, key, password, keystore.params());
            spec.commandLine().getOut().println(key.address() + " " + file);
            return 0;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
            key.destroy();
        }
    }

    private PrivateKey fromKeyFile() {
        byte[] raw = SecretInput.privateKeyHex(source.privateKeyFile);
        try {
            return PrivateKey.of(raw);
        } catch (IllegalArgumentException e) {
            throw new io.consilium.chain.ChainUserError("private key file " + source.privateKeyFile
                    + ": the key is outside the secp256k1 range");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private PrivateKey fromMnemonic() {
        if (index < 0) {
            throw new io.consilium.chain.ChainUserError("--index must be 0 or more");
        }
        char[] mnemonic = SecretInput.readChars(source.mnemonicFile, "mnemonic file");
        char[] passphrase = passphraseFile == null ? new char[0] : stripNewline(SecretInput.readChars(passphraseFile, "passphrase file"));
        try {
            return HdWallet.ethereumKey(mnemonic, passphrase, index);
        } catch (io.consilium.chain.ChainUserError e) {
            throw new io.consilium.chain.ChainUserError("mnemonic file " + source.mnemonicFile + ": " + e.getMessage());
        } finally {
            Arrays.fill(mnemonic, '\0');
            Arrays.fill(passphrase, '\0');
        }
    }

    private static char[] stripNewline(char[] c) {
        int end = c.length;
        while (end > 0 && (c[end - 1] == '\n' || c[end - 1] == '\r')) {
            end--;
        }
        char[] out = Arrays.copyOf(c, end);
        Arrays.fill(c, '\0');
        return out;
    }
}
