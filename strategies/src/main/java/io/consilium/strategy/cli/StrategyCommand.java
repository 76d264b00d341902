package io.consilium.strategy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `consilium strategy`: Validate strategy YAML and print its JSON Schema. */
@Command(name = "strategy", mixinStandardHelpOptions = true,
        description = "Validate strategy YAML and print its JSON Schema.",
        subcommands = {ValidateCommand.class, SchemaCommand.class})
public final class StrategyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: choose one of " + spec.subcommands().keySet());
    }
}
