package io.consilium.agents.daemon;

import io.consilium.agents.AgentsUserError;

/** Builds the daemon from the project's modules (chain testbed, sandbox, strategies, LLM). */
public final class ModuleWiring implements Wiring {
    @Override
    public Components build(DaemonConfig config, DaemonOptions options) {
        throw new AgentsUserError("the daemon's chain/sandbox wiring is not landed yet");
    }
}
