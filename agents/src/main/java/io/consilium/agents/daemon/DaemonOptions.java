package io.consilium.agents.daemon;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How {@code consilium run} was invoked: config file, optional duration (bounded run), mode override,
 * cluster role and host, console output on/off, and an HTTP port override (0 = any free port).
 */
public record DaemonOptions(Path config, Duration duration, String modeOverride, boolean cluster, String clusterHost,
                            Role role, boolean console, Integer httpPortOverride) {
    public enum Role { ALL, LLM, AGENTS }

    public static DaemonOptions local(Path config) {
        return new DaemonOptions(config, null, null, false, "127.0.0.1", Role.ALL, false, 0);
    }
}
