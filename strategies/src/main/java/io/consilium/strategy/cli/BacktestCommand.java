package io.consilium.strategy.cli;

import io.consilium.strategy.Backtests;
import io.consilium.strategy.StrategyUserError;
import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.config.StrategyConfigs;
import io.consilium.strategy.data.MarketDataSet;
import io.consilium.strategy.engine.BacktestResult;
import io.consilium.strategy.report.BacktestReport;
import io.consilium.strategy.report.Reports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `consilium backtest STRATEGY.yaml`: a paper-trading backtest with report.html/json, trades.csv, equity.csv. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Paper-trading backtest of a YAML strategy on historical data, with reports.",
        subcommands = {SweepCommand.class})
public final class BacktestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    // Optional for picocli so that `backtest sweep ...` parses; call() insists on it.
    @Parameters(index = "0", arity = "0..1", paramLabel = "STRATEGY.yaml", description = "Strategy file.")
    Path file;

    @Option(names = "--data", paramLabel = "FILE", description = "OHLCV CSV to use instead of the YAML's data.bars.")
    Path data;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First day (inclusive).")
    String from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last day (inclusive).")
    String to;

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default reports/<name>).")
    Path out;

    @Override
    public Integer call() {
        if (file == null) {
            throw new ParameterException(spec.commandLine(), "Missing STRATEGY.yaml (or use: backtest sweep STRATEGY.yaml --param ...)");
        }
        StrategyConfig cfg = StrategyConfigs.load(file);
        MarketDataSet set = MarketDataSet.load(cfg, data, date(from, "--from"), date(to, "--to"));
        BacktestResult r = Backtests.run(cfg, set);
        Path dir = out != null ? out : Path.of("reports", cfg.name());
        BacktestReport rep = Backtests.write(r, set, yaml(file), dir);
        spec.commandLine().getOut().print(Reports.summary(rep, dir));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static LocalDate date(String s, String option) {
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new StrategyUserError(option + " '" + s + "' is not a date: use YYYY-MM-DD");
        }
    }

    static String yaml(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new StrategyUserError(file + ": cannot read: " + e.getMessage());
        }
    }
}
