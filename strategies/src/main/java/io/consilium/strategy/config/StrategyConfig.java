package io.consilium.strategy.config;

import io.consilium.strategy.config.params.StrategyParams;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One strategy YAML file, bound and validated. Every nested spec is a record; absent optional keys
 * carry their defaults. {@code source} is the file it came from (relative paths inside resolve
 * against the current directory, then against the repository root).
 */
public record StrategyConfig(
        String name,
        StrategyType type,
        String description,
        String quote,
        Map<String, AssetSpec> assets,
        List<PoolSpec> pools,
        DataSpec data,
        Map<String, BigDecimal> capital,
        StrategyParams parameters,
        RiskSpec risk,
        ExecutionSpec execution,
        ScheduleSpec schedule,
        BenchmarkSpec benchmark,
        MetricsSpec metrics,
        Path source) {

    public PoolSpec pool(String id) {
        for (PoolSpec p : pools) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no pool " + id);
    }

    /** The risky assets: every asset but the quote, in declaration order. */
    public List<String> riskyAssets() {
        return assets.keySet().stream().filter(a -> !a.equals(quote)).toList();
    }
}
