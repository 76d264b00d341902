package io.consilium.chain.testbed;

import io.consilium.chain.ChainUserError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One anvil child process on loopback; learns its port from anvil's "Listening on" line. */
final class AnvilProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnvilProcess.class);
    private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final int port;
    private final Deque<String> tail;

    private AnvilProcess(Process process, int port, Deque<String> tail) {
        this.process = process;
        this.port = port;
        this.tail = tail;
    }

    /** The anvil binary shipped by the pinned npm package under {@code home}/npm/node_modules. */
    static Path locate(Path home) {
        Path modules = home.resolve("npm").resolve("node_modules");
        List<Path> candidates = List.of(
                modules.resolve("@foundry-rs/anvil-linux-amd64/bin/anvil"),
                modules.resolve("@foundry-rs/anvil-linux-arm64/bin/anvil"),
                modules.resolve("@foundry-rs/anvil-darwin-arm64/bin/anvil"),
                modules.resolve("@foundry-rs/anvil-darwin-amd64/bin/anvil"),
                modules.resolve(".bin/anvil"));
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new ChainUserError("anvil not found under " + modules
                + ": run ./consilium once or (cd npm && npm ci) to install the pinned tools");
    }

    static AnvilProcess start(Path binary, TestbedOptions opts) {
        return start(binary, opts, List.of());
    }

    /** {@code extraArgs}: e.g. {@code --load-state FILE} to come up with a saved chain instead of a fresh one. */
    static AnvilProcess start(Path binary, TestbedOptions opts, List<String> extraArgs) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(opts.port()),
                "--chain-id", "31337", "--accounts", "10", "--balance", "10000",
                "--mnemonic", DevKeySigner.ANVIL_MNEMONIC));
        cmd.addAll(extraArgs);
        // always automine here: deployment is many times faster with a block per transaction;
        // Testbed switches to interval mining afterwards when asked to
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new ChainUserError("cannot start anvil at " + binary + ": " + e.getMessage()
                    + " — reinstall the pinned tools with (cd npm && npm ci)", e);
        }
        Deque<String> tail = new ArrayDeque<>();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> pump(p, tail, port), "anvil-output-" + p.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            return new AnvilProcess(p, port.get(15, TimeUnit.SECONDS), tail);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while starting anvil", e);
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            String out;
            synchronized (tail) {
                out = String.join(" | ", tail);
            }
            throw new ChainUserError("anvil did not start (port " + opts.port() + "): " + out
                    + " — is the port already in use? pick another with --port", e);
        }
    }

    /** Reads anvil's output so its pipe never fills; keeps the last lines for error messages. */
    private static void pump(Process p, Deque<String> tail, CompletableFuture<Integer> port) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.contains("Private Keys") || line.startsWith("(") && line.length() > 60) {
                    continue; // the dev keys are public, but keep key-shaped lines out of our logs anyway
                }
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 20) {
                        tail.removeFirst();
                    }
                }
                Matcher m = LISTENING.matcher(line);
                if (!port.isDone() && m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            LOG.debug("anvil output closed: {}", e.toString());
        }
        port.completeExceptionally(new IllegalStateException("anvil exited with " + exitCode(p)));
    }

    private static String exitCode(Process p) {
        try {
            return Integer.toString(p.waitFor(2, TimeUnit.SECONDS) ? p.exitValue() : -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
