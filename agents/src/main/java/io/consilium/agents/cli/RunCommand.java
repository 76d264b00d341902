package io.consilium.agents.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `consilium run`: the agent daemon. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the agent daemon (default: embedded local chain, default strategies).")
public final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("consilium run: the daemon is not built yet (issue 8).");
        return 1;
    }
}
