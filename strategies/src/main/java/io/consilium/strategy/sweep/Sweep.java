package io.consilium.strategy.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.consilium.strategy.Backtests;
import io.consilium.strategy.StrategyUserError;
import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.config.StrategyConfigs;
import io.consilium.strategy.data.MarketDataSet;
import io.consilium.strategy.engine.BacktestResult;
import io.consilium.strategy.report.BacktestReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A grid of backtests: every combination of the given values, each bound and validated like a file
 * of its own, run in parallel (one run per thread; runs share only immutable market data) and
 * reported in grid order, so the result does not depend on the number of threads.
 */
public final class Sweep {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    private static final Set<String> TOP = Set.of("name", "type", "description", "quote", "assets", "pools", "data",
            "capital", "parameters", "risk", "execution", "schedule", "benchmark", "metrics");
    private final Path file;
    private final String yaml;
    private final LinkedHashMap<String, List<String>> grid;
    private final Path dataOverride;
    private final LocalDate from;
    private final LocalDate to;

    public Sweep(Path file, String yaml, LinkedHashMap<String, List<String>> grid, Path dataOverride, LocalDate from,
                 LocalDate to) {
        this.file = file;
        this.yaml = yaml;
        this.grid = grid;
        this.dataOverride = dataOverride;
        this.from = from;
        this.to = to;
    }

    /** "band=0.02,0.05" → {parameters.band: [0.02, 0.05]}; keys without a known top-level prefix go under parameters. */
    public static LinkedHashMap<String, List<String>> parseParams(List<String> specs) {
        LinkedHashMap<String, List<String>> g = new LinkedHashMap<>();
        for (String s : specs) {
            int eq = s.indexOf('=');
            if (eq <= 0 || eq == s.length() - 1) {
                throw new StrategyUserError("--param '" + s + "': write KEY=V1,V2,... (e.g. band=0.02,0.05)");
            }
            String key = s.substring(0, eq).trim();
            if (!TOP.contains(key.split("\\.")[0])) {
                key = "parameters." + key;
            }
            List<String> values = List.of(s.substring(eq + 1).split(","));
            if (g.put(key, values) != null) {
                throw new StrategyUserError("--param " + key + " given twice");
            }
        }
        return g;
    }

    /** Every combination, first parameter varying slowest. */
    public List<Map<String, String>> combinations() {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> e : grid.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : e.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v.trim());
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /** Binds one combination into a validated config and its YAML text. */
    public Bound bind(Map<String, String> combo) {
        try {
            ObjectNode root = (ObjectNode) YAML.readTree(yaml);
            for (Map.Entry<String, String> e : combo.entrySet()) {
                String[] path = e.getKey().split("\\.");
                ObjectNode node = root;
                for (int i = 0; i < path.length - 1; i++) {
                    JsonNode child = node.get(path[i]);
                    node = child instanceof ObjectNode o ? o : node.putObject(path[i]);
                }
                node.set(path[path.length - 1], YAML.readTree(e.getValue()));
            }
            String text = YAML.writeValueAsString(root);
            try {
                return new Bound(StrategyConfigs.parse(text, "<sweep>", file), text);
            } catch (StrategyUserError e) {
                // Line numbers would point into the rewritten YAML, not the user's file: name the values instead.
                throw new StrategyUserError(file + " with --param " + combo + ": "
                        + e.getMessage().replaceFirst("^<sweep>:\\d+:\\d+: ", ""));
            }
        } catch (IOException e) {
            throw new StrategyUserError(file + ": cannot apply " + combo + ": " + e.getMessage());
        }
    }

    public record Bound(StrategyConfig config, String yaml) {
    }

    public SweepResult run(int threads, Path reportsDir) {
        long t0 = System.nanoTime();
        List<Map<String, String>> combos = combinations();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            // Every combination is bound and validated before any run starts (a bad value stops the
            // sweep before it writes anything), on all threads: binding is half of a short sweep's work.
            List<Future<Bound>> binding = new ArrayList<>();
            for (Map<String, String> combo : combos) {
                binding.add(pool.submit(() -> bind(combo)));
            }
            List<Bound> bound = new ArrayList<>();
            for (Future<Bound> f : binding) {
                bound.add(f.get());
            }
            boolean sharedData = grid.keySet().stream().noneMatch(k -> k.startsWith("data.") || k.startsWith("pools"));
            MarketDataSet shared = sharedData ? MarketDataSet.load(bound.getFirst().config(), dataOverride, from, to) : null;
            List<Future<SweepResult.Run>> futures = new ArrayList<>();
            for (int i = 0; i < bound.size(); i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Bound b = bound.get(index);
                    MarketDataSet data = shared != null ? shared : MarketDataSet.load(b.config(), dataOverride, from, to);
                    BacktestResult r = Backtests.run(b.config(), data);
                    BacktestReport rep = reportsDir == null ? Backtests.report(r, data, b.yaml())
                            : Backtests.write(r, data, b.yaml(), reportsDir.resolve("run-" + (index + 1)));
                    return new SweepResult.Run(index + 1, combos.get(index), rep.strategy(), rep.buyAndHold().totalReturn());
                }));
            }
            List<SweepResult.Run> runs = new ArrayList<>();
            for (Future<SweepResult.Run> f : futures) {
                runs.add(f.get());
            }
            return new SweepResult(List.copyOf(grid.keySet()), runs, (System.nanoTime() - t0) / 1_000_000);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }
}
