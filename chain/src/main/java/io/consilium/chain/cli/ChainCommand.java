package io.consilium.chain.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `consilium chain`: Read chain state: consistent snapshots at one block. */
@Command(name = "chain", mixinStandardHelpOptions = true,
        description = "Read chain state: consistent snapshots at one block.",
        subcommands = {ChainSnapshotCommand.class})
public final class ChainCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: choose one of " + spec.subcommands().keySet());
    }
}
