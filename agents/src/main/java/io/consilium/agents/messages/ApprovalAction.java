package io.consilium.agents.messages;

/** A human's decision on a pending sandbox approval, from the dashboard or the CLI. */
public record ApprovalAction(int version, String approvalId, boolean approve, String by) implements BusMessage {
    public static final int VERSION = 1;
}
