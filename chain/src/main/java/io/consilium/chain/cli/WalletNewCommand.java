package io.consilium.chain.cli;

import io.consilium.chain.ChainUserError;
import io.consilium.chain.wallet.Keystore;
import io.consilium.chain.wallet.PrivateKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `consilium wallet new`: a fresh random key, encrypted into a new keystore file. */
@Command(name = "new", mixinStandardHelpOptions = true, description = "Create a new account in a keystore directory.")
public final class WalletNewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KeystoreOptions keystore = new KeystoreOptions();

    @Override
    public Integer call() {
        char[] password = SecretInput.password(keystore.passwordFile, true);
        byte[] raw = new byte[32];
        PrivateKey key = null;
        try {
            requireNonEmpty(password);
            SecureRandom random = new SecureRandom();
            while (key == null) {
                random.nextBytes(raw);
                try {
                    key = PrivateKey.of(raw);
                } catch (IllegalArgumentException outOfRange) {
                    key = null; // probability ~2^-128: draw again
                }
            }
            Path file = Keystore.write(keystore.dir, key, password, keystore.params());
            spec.commandLine().getOut().println(key.address() + " " + file);
            return 0;
        } finally {
            Arrays.fill(raw, (byte) 0);
            Arrays.fill(password, '\0');
            if (key != null) {
                key.destroy();
            }
        }
    }

    static void requireNonEmpty(char[] password) {
        if (password.length == 0) {
            throw new ChainUserError("refusing an empty keystore password; choose a password");
        }
    }
}
