package io.consilium.agents.messages;

import java.math.BigInteger;
import java.util.Map;

/**
 * What the PortfolioAgent did with one proposal: {@code outcome} is order, hold (the strategy held),
 * rejected (sizing or a risk limit said no) or netted (crossed internally), always with a reason.
 * {@code crossed} (netted only) holds the strategy's book transfer, so recovery can replay it.
 */
public record Decision(int version, String proposalId, String strategy, long block, String outcome, String orderId,
                       String summary, String reason, Map<String, BigInteger> crossed) implements BusMessage {
    public static final int VERSION = 1;
}
