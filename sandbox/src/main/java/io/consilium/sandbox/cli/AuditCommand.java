package io.consilium.sandbox.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `consilium audit`: Read the audit journal. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Read the audit journal.",
        subcommands = {AuditTailCommand.class, AuditShowCommand.class})
public final class AuditCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: choose one of " + spec.subcommands().keySet());
    }
}
