package io.consilium.strategy.sweep;

import io.consilium.strategy.StrategyUserError;
import io.consilium.strategy.metrics.Metrics;
import io.consilium.strategy.report.Reports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The runs of a sweep in grid order; summary.json holds no timing, so equal inputs give equal bytes. */
public record SweepResult(List<String> keys, List<Run> runs, long wallMillis) {

    /** summary.json: keys first, then the runs. */
    record Summary(List<String> keys, List<Run> runs) {
    }

    public record Run(int run, Map<String, String> params, Metrics metrics, double buyAndHoldReturn) {
    }

    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("summary.json"), Reports.toJson(new Summary(keys, runs)));
            Files.writeString(dir.resolve("summary.csv"), csv());
        } catch (IOException e) {
            throw new StrategyUserError(dir + ": cannot write the sweep summary: " + e.getMessage());
        }
    }

    String csv() {
        StringBuilder sb = new StringBuilder("run");
        keys.forEach(k -> sb.append(',').append(k));
        sb.append(",total_return,cagr,sharpe,sortino,max_drawdown,trades,fees,gas,slippage,end_equity,buy_and_hold_return\n");
        for (Run r : runs) {
            sb.append(r.run());
            keys.forEach(k -> sb.append(',').append(r.params().get(k)));
            Metrics m = r.metrics();
            sb.append(',').append(m.totalReturn()).append(',').append(n(m.cagr())).append(',').append(n(m.sharpe()))
                    .append(',').append(n(m.sortino())).append(',').append(m.maxDrawdown()).append(',')
                    .append(m.trades().count()).append(',').append(m.trades().fees()).append(',')
                    .append(m.trades().gas()).append(',').append(m.trades().slippage()).append(',')
                    .append(m.endEquity()).append(',').append(r.buyAndHoldReturn()).append('\n');
        }
        return sb.toString();
    }

    /** The table printed to the console. */
    public String table() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%4s", "run"));
        keys.forEach(k -> sb.append(String.format(Locale.ROOT, " %14s", k.replaceFirst("^parameters\\.", ""))));
        sb.append(String.format(Locale.ROOT, " %9s %9s %8s %8s %7s%n", "return%", "CAGR%", "Sharpe", "maxDD%", "trades"));
        for (Run r : runs) {
            sb.append(String.format(Locale.ROOT, "%4d", r.run()));
            keys.forEach(k -> sb.append(String.format(Locale.ROOT, " %14s", r.params().get(k))));
            Metrics m = r.metrics();
            sb.append(String.format(Locale.ROOT, " %9.2f %9s %8s %8.2f %7d%n", 100 * m.totalReturn(),
                    m.cagr() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", 100 * m.cagr()),
                    m.sharpe() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", m.sharpe()),
                    100 * m.maxDrawdown(), m.trades().count()));
        }
        return sb.toString();
    }

    private static String n(Double d) {
        return d == null ? "" : d.toString();
    }
}
