package io.consilium.agents.messages;

/**
 * What the PortfolioAgent did with one proposal: {@code outcome} is order, hold (the strategy held),
 * rejected (sizing or a risk limit said no) or netted (crossed internally), always with a reason.
 */
public record Decision(int version, String proposalId, String strategy, long block, String outcome, String orderId,
                       String summary, String reason) implements BusMessage {
    public static final int VERSION = 1;
}
