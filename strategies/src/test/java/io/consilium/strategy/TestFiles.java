package io.consilium.strategy;

import java.nio.file.Path;

/** Paths tests use: the repository root and the shared read-only data. */
public final class TestFiles {
    private TestFiles() {
    }

    public static Path home() {
        return Path.of(System.getProperty("consilium.home", "..")).toAbsolutePath().normalize();
    }

    public static Path examples() {
        return home().resolve("config/strategies");
    }

    public static Path shared(String... parts) {
        Path p = Path.of(System.getProperty("consilium.shared", "../../shared"), "data");
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
    }
}
