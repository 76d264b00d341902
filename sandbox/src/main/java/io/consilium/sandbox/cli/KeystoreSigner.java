package io.consilium.sandbox.cli;

import io.consilium.chain.domain.Address;
import io.consilium.chain.wallet.Keystore;
import io.consilium.chain.wallet.LocalSigner;
import io.consilium.chain.wallet.PrivateKey;
import io.consilium.sandbox.SandboxUserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/** Opens the keystore file of one account; the password comes from a file, the environment or the console. */
final class KeystoreSigner {
    static final String PASSWORD_ENV = "CONSILIUM_WALLET_PASSWORD";

    private KeystoreSigner() {}

    static LocalSigner open(Path dir, Address account, Path passwordFile) {
        Path file;
        try (Stream<Path> s = Files.list(dir)) {
            file = s.filter(Files::isRegularFile).filter(p -> {
                try {
                    return account.equals(Keystore.declaredAddress(p));
                } catch (RuntimeException e) {
                    return false;
                }
            }).findFirst().orElseThrow(() -> new SandboxUserError("no keystore for " + account + " in " + dir
                    + " (`consilium wallet list --keystore " + dir + "` shows the accounts there)"));
        } catch (IOException e) {
            throw new SandboxUserError("cannot read keystore directory " + dir + ": " + e.getMessage());
        }
        char[] password = password(passwordFile);
        try {
            PrivateKey key = Keystore.decrypt(file, password);
            return new LocalSigner(key);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static char[] password(Path file) {
        if (file != null) {
            try {
                String s = Files.readString(file, StandardCharsets.UTF_8);
                return (s.endsWith("\n") ? s.substring(0, s.length() - 1) : s).toCharArray();
            } catch (IOException e) {
                throw new SandboxUserError("cannot read --password-file " + file + ": " + e.getClass().getSimpleName());
            }
        }
        String env = System.getenv(PASSWORD_ENV);
        if (env != null) {
            return env.toCharArray();
        }
        if (System.console() == null) {
            throw new SandboxUserError("a keystore password is needed: pass --password-file FILE or set " + PASSWORD_ENV);
        }
        return System.console().readPassword("keystore password: ");
    }
}
