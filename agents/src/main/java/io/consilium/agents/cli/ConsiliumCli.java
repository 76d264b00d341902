package io.consilium.agents.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.consilium.chain.cli.ChainCommand;
import io.consilium.chain.cli.TestbedCommand;
import io.consilium.chain.cli.WalletCommand;
import io.consilium.llm.cli.LlmCommand;
import io.consilium.sandbox.cli.AuditCommand;
import io.consilium.sandbox.cli.SandboxCommand;
import io.consilium.strategy.cli.BacktestCommand;
import io.consilium.strategy.cli.StrategyCommand;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The `consilium` command line: every subcommand group, user errors turned into one line and an exit code. */
@Command(name = "consilium", mixinStandardHelpOptions = true, version = "consilium 0.1.0",
        description = "Web3 multi-agent trading and DeFi automation with a local MoE LLM.",
        subcommands = {RunCommand.class, BacktestCommand.class, StrategyCommand.class, LlmCommand.class,
                WalletCommand.class, ChainCommand.class, TestbedCommand.class, SandboxCommand.class,
                AuditCommand.class, TestCommand.class})
public final class ConsiliumCli {

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Debug logging.")
    void verbose(boolean on) {
        if (on) {
            ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.DEBUG);
        }
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code; never calls System.exit, so tests can drive it. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new ConsiliumCli());
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        return cli.execute(args);
    }
}
