package io.consilium.agents.daemon;

/**
 * Builds the daemon's {@link Components} from its config: the one place that knows the chain,
 * sandbox, strategies and LLM modules' APIs. Tests pass a wiring of fakes.
 */
public interface Wiring {
    Components build(DaemonConfig config, DaemonOptions options) throws Exception;
}
