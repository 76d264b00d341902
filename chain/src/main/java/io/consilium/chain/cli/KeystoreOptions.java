package io.consilium.chain.cli;

import io.consilium.chain.wallet.Keystore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that write a new keystore file. */
final class KeystoreOptions {
    /** geth's --lightkdf parameters, for slow or memory-poor machines. */
    static final Keystore.ScryptParams LIGHT = new Keystore.ScryptParams(1 << 12, 8, 6);

    @Option(names = "--keystore", required = true, paramLabel = "DIR", description = "Keystore directory (created owner-only if missing).")
    Path dir;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from FILE (one trailing newline ignored) instead of $CONSILIUM_WALLET_PASSWORD or the console.")
    Path passwordFile;

    @Option(names = "--light-kdf", description = "Use geth's light scrypt parameters (n=4096, p=6) instead of the standard n=2^18.")
    boolean lightKdf;

    Keystore.ScryptParams params() {
        return lightKdf ? LIGHT : Keystore.STANDARD;
    }
}
