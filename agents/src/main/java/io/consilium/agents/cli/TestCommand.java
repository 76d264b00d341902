package io.consilium.agents.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Listed for `--help`; the launcher itself runs the suite (`mvn verify`) before any JVM starts. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run the whole test suite (mvn verify); use it through ./consilium test.")
public final class TestCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("Run the test suite through the launcher: ./consilium test");
        return 2;
    }
}
