package io.consilium.agents.messages;

/**
 * Every message on the bus is a record carrying a protocol {@link #version()}, so a node can tell
 * an older peer's message from its own when a cluster is upgraded one node at a time.
 */
public interface BusMessage {
    int version();
}
