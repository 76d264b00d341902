package io.consilium.agents.daemon;

import io.consilium.agents.journal.EventJournal;

/**
 * Builds the daemon's {@link Components} from its config: the one place that knows the chain,
 * sandbox, strategies and LLM modules' APIs. Tests pass a wiring of fakes. The journal is the daemon's own, so the sandbox's records land beside the bus messages.
 */
public interface Wiring {
    Components build(DaemonConfig config, DaemonOptions options, EventJournal journal) throws Exception;
}
