package io.consilium.chain.cli;

import io.consilium.chain.ChainUserError;
import io.consilium.chain.domain.Address;
import io.consilium.chain.wallet.Keystore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `consilium wallet list`: the accounts in a keystore directory (no password needed). */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts in a keystore directory.")
public final class WalletListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--keystore", required = true, paramLabel = "DIR", description = "Keystore directory.")
    Path dir;

    @Override
    public Integer call() {
        for (Entry e : scan(dir)) {
            spec.commandLine().getOut().println(e.address() + " " + e.file().getFileName());
        }
        return 0;
    }

    record Entry(Address address, Path file) {}

    /** Keystore files in the directory, by file name (the UTC-- names sort by creation time). */
    static List<Entry> scan(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ChainUserError("keystore directory " + dir + " does not exist; create an account with `consilium wallet new --keystore "
                    + dir + "`");
        }
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                Address a = Keystore.declaredAddress(f);
                if (a != null) {
                    out.add(new Entry(a, f));
                }
            }
        } catch (IOException e) {
            throw new ChainUserError("keystore directory " + dir + ": cannot list it (" + e.getClass().getSimpleName() + ")");
        }
        return out;
    }
}
