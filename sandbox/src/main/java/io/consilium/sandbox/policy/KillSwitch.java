package io.consilium.sandbox.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Blocks everything at once: engaged when its file exists (any process can create it) or when
 * {@link #engage} was called in this JVM.
 */
public final class KillSwitch {
    private final Path file;
    private final AtomicReference<String> engagedBy = new AtomicReference<>();

    public KillSwitch(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public boolean engaged() {
        return engagedBy.get() != null || (file != null && Files.exists(file));
    }

    public String why() {
        String r = engagedBy.get();
        return r != null ? r : "kill-switch file " + file + " exists";
    }

    /** Engages in this JVM and, when there is a file, for every process that watches it. */
    public void engage(String reason) {
        engagedBy.set(reason == null ? "engaged" : reason);
        if (file != null) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, reason == null ? "engaged\n" : reason + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public void release() {
        engagedBy.set(null);
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
