package io.consilium.agents.portfolio;

import java.math.BigInteger;
import java.util.Map;

/**
 * One strategy's slice of the account and its limits. {@code budget}: token symbol → base units the
 * strategy starts with; {@code maxPositionQuote}: the most it may hold in non-quote tokens, valued in
 * the quote token; {@code maxDrawdown}: fraction below its peak value that halts it;
 * {@code maxSlippageBps}: the worst fill accepted, against the snapshot's price.
 */
public record RiskLimits(Map<String, BigInteger> budget, double maxPositionQuote, double maxDrawdown,
                         int maxSlippageBps) {
    public RiskLimits {
        budget = Map.copyOf(budget);
    }
}
