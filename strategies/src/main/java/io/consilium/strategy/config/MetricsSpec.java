package io.consilium.strategy.config;

/** Metric conventions: 365-day year, returns sampled every {@code periodSeconds}. */
public record MetricsSpec(
        @Range(min = -0.5, max = 1) @Doc("Annual risk-free rate used by Sharpe, Sortino and Omega. Default 0.") Double riskFreeRate,
        @Range(min = 1, max = 31536000) @Doc("Return sampling period in seconds; default: the bar interval, or 3600 for recorded swaps.") Integer periodSeconds) {

    public MetricsSpec {
        riskFreeRate = riskFreeRate == null ? 0.0 : riskFreeRate;
    }

    public static MetricsSpec defaults() {
        return new MetricsSpec(null, null);
    }
}
