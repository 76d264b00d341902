package io.consilium.agents.messages;

import io.consilium.chain.domain.Address;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The portfolio after one block: the account's balances as the chain shows them, each strategy's
 * book (holdings, value and PnL in the quote token), and the prices used (quote per whole token).
 */
public record PortfolioReport(int version, long block, Address account, String quote,
                              Map<String, BigInteger> accountBalances, Map<String, Double> prices,
                              List<StrategyBook> strategies, double totalValueQuote, double totalPnlQuote,
                              int ordersInFlight) implements BusMessage {
    public static final int VERSION = 1;

    /** One strategy's slice of the account. */
    public record StrategyBook(String name, Map<String, BigInteger> holdings, double valueQuote, double pnlQuote,
                               double peakValueQuote, boolean halted, String haltReason, int fills,
                               BigInteger gasWei) {
    }
}
