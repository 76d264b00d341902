package io.consilium.sandbox.cli;

import io.consilium.sandbox.policy.KillSwitch;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `consilium sandbox kill [--off]`: engage (or release) the kill switch file every pipeline watches. */
@Command(name = "kill", mixinStandardHelpOptions = true,
        description = "Engage the kill switch: every request is denied while its file exists. --off releases it.")
public final class SandboxKillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--file", defaultValue = ".consilium/KILL", paramLabel = "FILE",
            description = "The kill-switch file (the policy's killSwitch.file).")
    Path file;

    @Option(names = "--off", description = "Release the kill switch.")
    boolean off;

    @Option(names = "--reason", defaultValue = "engaged from the command line", description = "Why (written into the file).")
    String reason;

    @Override
    public Integer call() {
        KillSwitch k = new KillSwitch(file);
        if (off) {
            k.release();
            spec.commandLine().getOut().println("kill switch released (" + file + " removed)");
        } else {
            k.engage(reason);
            spec.commandLine().getOut().println("kill switch engaged: " + file);
        }
        return 0;
    }
}
