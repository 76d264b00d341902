package io.consilium.agents.messages;

import java.math.BigInteger;
import java.util.Map;

/**
 * A rule strategy's stop-rule state (the YAML's {@code risk.stopLoss} and {@code risk.maxDrawdownHalt}): its peak
 * equity, each risky asset's entry cost (quote spent, for the average entry price) and the holdings that cost was
 * last updated from, and the halt reason once the drawdown halt fired (null before). Published whenever it changes
 * so the journal has it; a restart puts the newest one back before the strategy decides again.
 */
public record RiskState(int version, String strategy, long block, double peak, Map<String, Double> cost,
                        Map<String, BigInteger> last, String halted) implements BusMessage {
    public static final int VERSION = 1;

    public RiskState {
        cost = cost == null ? Map.of() : Map.copyOf(cost);
        last = last == null ? Map.of() : Map.copyOf(last);
    }
}
