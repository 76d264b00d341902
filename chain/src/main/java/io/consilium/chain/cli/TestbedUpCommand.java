package io.consilium.chain.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.chain.testbed.Testbed;
import io.consilium.chain.testbed.TestbedOptions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `consilium testbed up`: anvil with the Uniswap market; prints the address book as one JSON line, runs until stopped. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start anvil on loopback with WETH, USDC/WBTC/DAI, Uniswap V2 and V3 pools and Multicall3; "
                + "print the address book as one JSON line; run until Ctrl-C.")
public final class TestbedUpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8545", description = "Loopback port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--market-sim", description = "Run seeded noise traders that swap continuously so prices move.")
    boolean marketSim;

    @Option(names = "--seed", defaultValue = "1", description = "Market simulation seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--block-time", defaultValue = "0", description = "Seconds per block (0 = a block per transaction). Default: ${DEFAULT-VALUE}.")
    int blockTime;

    @Option(names = "--sim-interval-ms", defaultValue = "1000", description = "Milliseconds between noise-trader rounds under automine (with --block-time they trade every block). Default: ${DEFAULT-VALUE}.")
    long simInterval;

    @Override
    public Integer call() throws Exception {
        TestbedOptions opts = new TestbedOptions(port, marketSim, seed, blockTime, simInterval);
        Testbed tb = Testbed.start(opts);
        spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(tb.describe()));
        spec.commandLine().getOut().flush();
        // the testbed's shutdown hook stops anvil on Ctrl-C / SIGTERM; until then, park
        new CountDownLatch(1).await();
        return 0;
    }
}
