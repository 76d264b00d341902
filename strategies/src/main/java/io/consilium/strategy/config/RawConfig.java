package io.consilium.strategy.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The YAML file's top level as written; {@code parameters} is bound in a second step once {@code type} is known. */
record RawConfig(
        @Required @Doc("Name of the strategy; the default report folder is reports/<name>.") String name,
        @Required @Doc("Strategy type (one of the built-ins).") String type,
        @Doc("Free text shown in the report.") String description,
        @Required @Doc("The numeraire asset (e.g. USDC): equity, fees and metrics are measured in it.") String quote,
        @Required @Doc("Assets by symbol: decimals and optional token address.") Map<String, AssetSpec> assets,
        @Required @Doc("Pools the strategy trades on; the simulated depth is set here.") List<PoolSpec> pools,
        @Required @Doc("Market data to replay.") DataSpec data,
        @Required @Doc("Initial balances in human units, e.g. {USDC: 100000}.") Map<String, BigDecimal> capital,
        @Doc("Parameters of the strategy type.") JsonNode parameters,
        @Doc("Risk limits enforced by the engine for every strategy.") RiskSpec risk,
        @Doc("Execution limits and the gas model.") ExecutionSpec execution,
        @Doc("When the strategy is asked to decide.") ScheduleSpec schedule,
        @Doc("Buy-and-hold benchmark.") BenchmarkSpec benchmark,
        @Doc("Metric conventions.") MetricsSpec metrics) {
}
