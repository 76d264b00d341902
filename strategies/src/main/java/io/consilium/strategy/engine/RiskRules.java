package io.consilium.strategy.engine;

import io.consilium.strategy.config.RiskSpec;

/**
 * The strategy YAML's two stop rules as plain decisions: {@code risk.maxDrawdownHalt} (equity this
 * fraction below its peak: liquidate to the quote asset and stop trading) and {@code risk.stopLoss}
 * (an asset's price this fraction below its average entry: sell all of it). The backtest kernel and
 * the agent daemon both ask this class, so a backtest and a live run of one YAML stop at the same
 * thresholds; each keeps its own books (peak equity, average entry) and does its own selling.
 */
public final class RiskRules {
    private final Double stopLoss;
    private final Double maxDrawdownHalt;

    public RiskRules(RiskSpec risk) {
        this.stopLoss = risk == null ? null : risk.stopLoss();
        this.maxDrawdownHalt = risk == null ? null : risk.maxDrawdownHalt();
    }

    /** Whether the drawdown halt fires: {@code equity} below {@code peak} by more than the limit. */
    public boolean halts(double equity, double peak) {
        return maxDrawdownHalt != null && equity < peak * (1 - maxDrawdownHalt);
    }

    /**
     * Whether the stop-loss fires for one asset: it is held and its price is at or below the average
     * entry price less the limit (an unknown entry price, NaN, never fires).
     */
    public boolean stopsOut(boolean held, double price, double averageEntry) {
        return stopLoss != null && held && price <= averageEntry * (1 - stopLoss);
    }

    public boolean hasStopLoss() {
        return stopLoss != null;
    }

    public boolean hasDrawdownHalt() {
        return maxDrawdownHalt != null;
    }

    /** The configured limits, for reasons and reports (null = off). */
    public Double stopLoss() {
        return stopLoss;
    }

    public Double maxDrawdownHalt() {
        return maxDrawdownHalt;
    }
}
