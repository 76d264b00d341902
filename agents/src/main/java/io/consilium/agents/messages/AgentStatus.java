package io.consilium.agents.messages;

/** One agent's health: {@code state} is ok, degraded or halted, with a one-line detail. */
public record AgentStatus(int version, String agent, String node, String state, String detail, long atMillis)
        implements BusMessage {
    public static final int VERSION = 1;

    public static AgentStatus of(String agent, String node, String state, String detail) {
        return new AgentStatus(VERSION, agent, node, state, detail, System.currentTimeMillis());
    }
}
