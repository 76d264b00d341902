package io.consilium.strategy.data;

import io.consilium.strategy.StrategyUserError;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves a data path from YAML: as given (relative to the current directory), else under the repository root. */
public final class DataFiles {
    private DataFiles() {
    }

    public static Path resolve(String name, String key) {
        Path p = Path.of(name);
        if (Files.isRegularFile(p)) {
            return p;
        }
        String home = System.getProperty("consilium.home");
        if (!p.isAbsolute() && home != null) {
            Path q = Path.of(home).resolve(name);
            if (Files.isRegularFile(q)) {
                return q;
            }
        }
        throw new StrategyUserError(key + ": data file '" + name + "' not found (looked in the current directory"
                + (home == null ? "" : " and in " + home) + "); fix the path or pass --data FILE");
    }
}
