package io.consilium.strategy.cli;

import io.consilium.strategy.config.LlmStrategySpec;
import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.config.StrategyConfigs;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `consilium strategy validate FILE...`: binds and checks each file; the first error names file:line:col. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Check strategy YAML files.")
public final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "STRATEGY.yaml")
    List<Path> files;

    @Override
    public Integer call() {
        for (Path f : files) {
            String what = switch (StrategyConfigs.validate(f)) {
                case StrategyConfig c -> c.type().key() + " '" + c.name() + "', " + c.pools().size() + " pool(s)";
                case LlmStrategySpec l -> l.summary();
                default -> throw new IllegalStateException("unexpected strategy document");
            };
            spec.commandLine().getOut().println(f + ": ok (" + what + ")");
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
