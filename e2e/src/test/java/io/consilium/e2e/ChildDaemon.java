package io.consilium.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * `consilium run` in a child JVM (same classpath and JVM flags as this test JVM), its output in a
 * file, so a test can kill it with SIGKILL at any moment and start it again.
 */
final class ChildDaemon implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ChildDaemon(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ChildDaemon start(Path workDir, Path log, String... args) throws IOException {
        return start(workDir, log, List.of(), args);
    }

    static ChildDaemon start(Path workDir, Path log, List<String> jvmProps, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("--enable-native-access") || a.startsWith("--sun-misc")
                    || a.startsWith("-Dchronicle") || a.startsWith("-XX:+IgnoreUnrecognized")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xmx512m");
        cmd.add("-XX:TieredStopAtLevel=1"); // starts faster; the child's speed is not what is tested
        cmd.add("-Dconsilium.home=" + System.getProperty("consilium.home"));
        cmd.addAll(jvmProps);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.consilium.agents.cli.ConsiliumCli");
        cmd.add("run");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new ChildDaemon(p, log);
    }

    /** Waits until the output (from {@code fromOffset}) contains {@code marker}; false on timeout or exit. */
    boolean awaitOutput(String marker, long fromOffset, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            String s = Files.readString(log);
            if (s.length() > fromOffset && s.substring((int) fromOffset).contains(marker)) {
                return true;
            }
            if (!process.isAlive()) {
                return false;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** SIGKILL: no shutdown hook, no flush — what a crash or the OOM killer does. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the graceful stop. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            return -1;
        }
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM first (a daemon on the embedded testbed then stops its anvil), SIGKILL if it hangs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
