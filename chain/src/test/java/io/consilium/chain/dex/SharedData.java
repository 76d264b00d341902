package io.consilium.chain.dex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the read-only test vectors under ../shared/data. */
public final class SharedData {
    private SharedData() {}

    public static Path path(String... parts) {
        String root = System.getProperty("consilium.shared");
        if (root == null) {
            throw new IllegalStateException("system property consilium.shared is not set (Surefire sets it)");
        }
        return Path.of(root, "data").resolve(Path.of("", parts));
    }

    public static JsonNode json(String... parts) {
        try {
            return new ObjectMapper().readTree(Files.readString(path(parts)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
