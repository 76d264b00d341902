package io.consilium.agents.daemon;

import io.consilium.llm.serve.bus.TextGenerator;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The in-process model for the llm role (or null when the config asks for a remote one). */
final class LlmWiring {
    private static final Logger log = LoggerFactory.getLogger(LlmWiring.class);

    private LlmWiring() {
    }

    static TextGenerator generator(DaemonConfig cfg, Map<String, Object> info) {
        if (cfg.llm() != null && Boolean.TRUE.equals(cfg.llm().remote())) {
            info.put("llm", "remote (cluster llm role)");
            return null;
        }
        // The generation engine (io.consilium.llm.engine) has not landed in this build: LLM strategies
        // hold with a degraded status until a model is served (in-process or by a cluster llm role).
        log.warn("llm: no generation engine in this build yet; LLM strategies will hold (degraded)");
        info.put("llm", "unavailable (engine not in this build)");
        return null;
    }
}
