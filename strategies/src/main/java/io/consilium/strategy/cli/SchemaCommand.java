package io.consilium.strategy.cli;

import io.consilium.strategy.config.SchemaGenerator;
import io.consilium.strategy.report.Reports;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `consilium strategy schema`: prints the JSON Schema of strategy YAML (for editor completion). */
@Command(name = "schema", mixinStandardHelpOptions = true, description = "Print the JSON Schema of strategy files.")
public final class SchemaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(Reports.toJson(SchemaGenerator.schema()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
