package io.consilium.agents.messages;

/** The chain replaced blocks we had seen: {@code depth} blocks from {@code forkBlock} on are gone. */
public record ReorgEvent(int version, long forkBlock, int depth, long newHead, String newHeadHash) implements BusMessage {
    public static final int VERSION = 1;
}
