package io.consilium.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs on a loopback Hazelcast cluster: `--role llm` serves the model, `--role agents` trades on
 * the embedded testbed and asks it over the event bus. The LLM strategy gets answers (ok); when the llm
 * node dies (SIGKILL: no goodbye to the cluster, no graceful unregistering) it holds and the daemon reports
 * degraded; when a new llm node joins it resumes.
 */
class ClusterIT {
    private static final Pattern PORT = Pattern.compile("dashboard http://127\\.0\\.0\\.1:(\\d+)/");
    private static final String LLM_AGENT = "strategy:llm-eth-usdc";

    @TempDir
    Path tmp;

    @Test
    void agentsUseTheRemoteLlmHoldWhenItIsGoneAndResumeWhenItReturns() throws Exception {
        Path home = Path.of(System.getProperty("consilium.home"));
        String base = Files.readString(home.resolve("config/daemon.yaml"));
        String strategies = """
                strategies:
                  - file: %s/config/strategies/llm-eth-usdc.yaml
                    budget: { USDC: "5000", WETH: "1.5" }
                """.formatted(home);
        String cfg = base.replaceAll("(?s)\nstrategies:\n.*?\n\n", "\n" + strategies + "\n")
                .replace("journal: .consilium/journal/default", "journal: " + tmp.resolve("journal"));
        assertTrue(cfg.contains("llm-eth-usdc") && !cfg.contains("daemon-weth-momentum"), cfg);
        Path llmCfg = tmp.resolve("llm.yaml");
        Files.writeString(llmCfg, cfg);
        Path agentsCfg = tmp.resolve("agents.yaml");
        Files.writeString(agentsCfg, cfg.replace("remote: false", "remote: true"));
        List<String> props = List.of("-Dconsilium.cluster.name=consilium-it-" + UUID.randomUUID());
        // the llm node runs the model: it needs C2 (the Vector API kernels are only fast once C2 compiles them)
        List<String> llmProps = List.of(props.getFirst(), "-XX:TieredStopAtLevel=4");
        Path llmLog = Files.createFile(tmp.resolve("llm.log"));
        Path agentsLog = Files.createFile(tmp.resolve("agents.log"));
        String[] llmArgs = {"--config", llmCfg.toString(), "--cluster", "--role", "llm", "--http-port", "0", "--quiet"};

        ChildDaemon llm = ChildDaemon.start(tmp, llmLog, llmProps, llmArgs);
        try (ChildDaemon agents = ChildDaemon.start(tmp, agentsLog, props, "--config", agentsCfg.toString(), "--cluster",
                "--role", "agents", "--http-port", "0", "--quiet")) {
            long t0 = System.nanoTime();
            assertTrue(llm.awaitOutput("llm role ready", 0, Duration.ofSeconds(180)), "llm node:\n" + KillRestartIT.tail(llmLog));
            assertTrue(agents.awaitOutput("strategies on", 0, Duration.ofSeconds(180)), "agents node:\n" + KillRestartIT.tail(agentsLog));
            Matcher m = PORT.matcher(Files.readString(agentsLog));
            assertTrue(m.find(), "dashboard port in the log");
            URI status = URI.create("http://127.0.0.1:" + m.group(1) + "/status");

            awaitStatus(status, s -> "ok".equals(llmState(s)) && "ok".equals(s.path("status").asText()), 120,
                    "the LLM strategy gets answers from the remote llm node", agentsLog);
            phase("answers from the remote llm node", t0);
            long offset = Files.size(llmLog);
            llm.kill9();
            JsonNode degraded = awaitStatus(status, s -> "degraded".equals(llmState(s))
                    && "degraded".equals(s.path("status").asText()), 120, "losing the llm node degrades the daemon", agentsLog);
            phase("degraded after kill -9 of the llm node", t0);
            assertTrue(degraded.toString().contains("llm role unreachable") || degraded.toString().contains("did not answer"),
                    degraded.toString());
            awaitStatus(status, s -> llmHoldsForLostNode(s), 60, "the LLM strategy holds, saying the llm is gone", agentsLog);
            phase("holds", t0);

            llm = ChildDaemon.start(tmp, llmLog, llmProps, llmArgs);
            assertTrue(llm.awaitOutput("llm role ready", offset, Duration.ofSeconds(180)), "llm node again:\n" + KillRestartIT.tail(llmLog));
            phase("new llm node ready", t0);
            awaitStatus(status, s -> "ok".equals(llmState(s)), 120, "the LLM strategy resumes when an llm node returns",
                    agentsLog);
            phase("resumed", t0);
            int rc = agents.terminate();
            assertTrue(rc == 0 || rc == 143, "agents node stopped cleanly (exit " + rc + ")");
        } finally {
            llm.close();
        }
    }

    private static void phase(String what, long t0) {
        System.out.printf("cluster: %s at %.1f s%n", what, (System.nanoTime() - t0) / 1e9);
    }

    private static boolean llmHoldsForLostNode(JsonNode s) {
        for (JsonNode d : s.path("decisions")) {
            String reason = d.path("reason").asText();
            if (LLM_AGENT.equals("strategy:" + d.path("strategy").asText()) && "hold".equals(d.path("outcome").asText())
                    && (reason.contains("llm role unreachable") || reason.contains("did not answer"))) {
                return true;
            }
        }
        return false;
    }

    private static String llmState(JsonNode s) {
        for (JsonNode a : s.path("agents")) {
            if (LLM_AGENT.equals(a.path("agent").asText())) {
                return a.path("state").asText();
            }
        }
        return "";
    }

    private static JsonNode awaitStatus(URI uri, Predicate<JsonNode> ok, int seconds, String what, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        long end = System.currentTimeMillis() + seconds * 1000L;
        JsonNode last = null;
        while (System.currentTimeMillis() < end) {
            try {
                last = json.readTree(http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                if (ok.test(last)) {
                    return last;
                }
            } catch (java.io.IOException e) {
                // the node is busy or restarting; ask again
            }
            Thread.sleep(500);
        }
        throw new AssertionError(what + ": not seen within " + seconds + " s; last status agents: "
                + (last == null ? "none" : last.path("agents")) + "\n" + KillRestartIT.tail(log));
    }
}
