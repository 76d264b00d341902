package io.consilium.agents.messages;

import java.math.BigInteger;
import java.util.Map;

/**
 * What one strategy may see of the portfolio: its own holdings (token symbol → base units) within
 * its budget, its PnL, and whether trading is halted for it.
 */
public record PortfolioView(int version, String strategy, Map<String, BigInteger> holdings, double pnlQuote,
                            boolean halted) implements BusMessage {
    public static final int VERSION = 1;

    public PortfolioView {
        holdings = Map.copyOf(holdings);
    }
}
