package io.consilium.strategy.cli;

import io.consilium.strategy.config.StrategyConfigs;
import io.consilium.strategy.sweep.Sweep;
import io.consilium.strategy.sweep.SweepResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `consilium backtest sweep STRATEGY.yaml --param k=v1,v2 ...`: a grid of backtests on all cores, one table. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Backtest every combination of parameter values in parallel; prints one summary table.")
public final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STRATEGY.yaml")
    Path file;

    @Option(names = "--param", required = true, paramLabel = "KEY=V1,V2,...",
            description = "A key under parameters: (or a dotted path from the top, e.g. risk.stopLoss) and its values.")
    List<String> params;

    @Option(names = "--data", paramLabel = "FILE")
    Path data;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD")
    String from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD")
    String to;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for summary.csv/json (default reports/<name>-sweep).")
    Path out;

    @Option(names = "--threads", description = "Parallel runs (default: all cores).")
    Integer threads;

    @Option(names = "--reports", description = "Also write each run's full report into DIR/run-N.")
    boolean reports;

    @Override
    public Integer call() {
        String yaml = BacktestCommand.yaml(file);
        String name = StrategyConfigs.load(file).name();
        Path dir = out != null ? out : Path.of("reports", name + "-sweep");
        Sweep sweep = new Sweep(file, yaml, Sweep.parseParams(params), data, BacktestCommand.date(from, "--from"),
                BacktestCommand.date(to, "--to"));
        SweepResult r = sweep.run(threads == null ? Runtime.getRuntime().availableProcessors() : threads,
                reports ? dir : null);
        r.write(dir);
        spec.commandLine().getOut().print(r.table());
        spec.commandLine().getOut().println("summary: " + dir.resolve("summary.csv") + " (" + r.runs().size()
                + " runs, " + r.wallMillis() + " ms)");
        spec.commandLine().getOut().flush();
        return 0;
    }

}
