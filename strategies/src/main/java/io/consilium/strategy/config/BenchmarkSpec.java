package io.consilium.strategy.config;

import java.util.Map;

/** The buy-and-hold benchmark: the initial equity spread over these weights at the first price, never traded. */
public record BenchmarkSpec(
        @Doc("Asset -> weight (sum 1). Default: all in the first risky asset.") Map<String, Double> weights) {

    public static BenchmarkSpec defaults() {
        return new BenchmarkSpec(null);
    }
}
