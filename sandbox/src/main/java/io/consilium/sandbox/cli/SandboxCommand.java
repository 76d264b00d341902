package io.consilium.sandbox.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `consilium sandbox`: Simulate-first execution: submit a transaction, human approvals. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Simulate-first execution: submit a transaction, human approvals.",
        subcommands = {SandboxSubmitCommand.class, SandboxApprovalsCommand.class, SandboxKillCommand.class})
public final class SandboxCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: choose one of " + spec.subcommands().keySet());
    }
}
