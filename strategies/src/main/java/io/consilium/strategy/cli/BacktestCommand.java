package io.consilium.strategy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `consilium backtest`: Paper-trading backtests of YAML strategies, with reports. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Paper-trading backtests of YAML strategies, with reports.",
        subcommands = {})
public final class BacktestCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: choose one of " + spec.subcommands().keySet());
    }
}
