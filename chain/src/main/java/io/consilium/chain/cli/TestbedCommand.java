package io.consilium.chain.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `consilium testbed`: Local anvil chain with a real Uniswap V2/V3 market. */
@Command(name = "testbed", mixinStandardHelpOptions = true,
        description = "Local anvil chain with a real Uniswap V2/V3 market.",
        subcommands = {TestbedUpCommand.class})
public final class TestbedCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: choose one of " + spec.subcommands().keySet());
    }
}
