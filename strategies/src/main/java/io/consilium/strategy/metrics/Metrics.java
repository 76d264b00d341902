package io.consilium.strategy.metrics;

/**
 * Performance of one equity curve. Conventions: a 365-day year; returns sampled every
 * {@code periodSeconds} (last value at or before each step); Sharpe, Sortino and Omega measure
 * returns in excess of the per-period risk-free rate (1+rf)^(1/periods per year)-1; volatility is
 * the sample standard deviation annualised by sqrt(periods per year); drawdowns use every event.
 * Undefined values (e.g. Sharpe of a flat curve, profit factor without a losing trade) are null.
 */
public record Metrics(
        double startEquity,
        double endEquity,
        double totalReturn,
        Double cagr,
        Double volatility,
        Double sharpe,
        Double sortino,
        Double calmar,
        Double omega,
        double maxDrawdown,
        String maxDrawdownPeak,
        String maxDrawdownTrough,
        String maxDrawdownRecovery,
        double maxDrawdownDays,
        double longestDrawdownDays,
        Trades trades) {

    /** Trade statistics (null for the benchmark, which never trades). PnL and costs in quote units. */
    public record Trades(int count, int closed, Double winRate, Double profitFactor, Double expectancy, double exposure,
                         double fees, double gas, double slippage, double lpFees, double impermanentLoss) {
    }
}
