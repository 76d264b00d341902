package io.consilium.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The llm subcommands on a small synthetic model written by `llm synth`. */
class LlmCommandsTest {
    @TempDir
    static Path dir;
    static Path model;

    static String run(String... args) {
        StringWriter sw = new StringWriter();
        CommandLine cl = new CommandLine(new LlmCommand());
        cl.setOut(new PrintWriter(sw));
        int code = cl.execute(args);
        assertEquals(0, code, "exit code of llm " + String.join(" ", args));
        return sw.toString();
    }

    @BeforeAll
    static void synth() {
        model = dir.resolve("ds.gguf");
        String out = run("synth", "--arch", "deepseek2", "--shape", "test", "--type", "Q8_0", "--out",
                model.toString(), "--seed", "5");
        assertTrue(out.contains("deepseek2-test"), out);
    }

    @Test
    void infoShowsArchitectureExpertsAndLatentKv() {
        String out = run("info", model.toString());
        assertTrue(out.contains("deepseek2"), out);
        assertTrue(out.contains("MLA"), out);
        assertTrue(out.contains("experts       8, 2 used"), out);
        assertTrue(out.contains("expanded K/V form"), out);
        assertTrue(out.contains("chat template none"), out);
    }

    @Test
    void generateJsonHasIdsTextAndTop5PerStep() throws Exception {
        String out = run("generate", "--model", model.toString(), "--prompt", "Hello world", "-n", "4", "--temp",
                "0", "--json", "-t", "1");
        JsonNode j = new ObjectMapper().readTree(out);
        assertEquals(1, j.get("prompt_tokens").get(0).asInt(), "BOS first");
        int n = j.get("tokens").size();
        assertTrue(n >= 1 && n <= 4);
        assertEquals(n, j.get("top").size());
        assertEquals(5, j.get("top").get(0).size());
        JsonNode best = j.get("top").get(0).get(0);
        assertEquals(j.get("tokens").get(0).asInt(), best.get("id").asInt(), "greedy picks the top logit");
    }

    @Test
    void greedyGenerationIsDeterministicAndStreams() {
        String a = run("generate", "--model", model.toString(), "--prompt", "The", "-n", "6", "--temp", "0");
        String b = run("generate", "--model", model.toString(), "--prompt", "The", "-n", "6", "--temp", "0");
        assertEquals(a, b);
        assertTrue(!a.isBlank());
    }

    @Test
    void chatWrapsThePromptInTheTemplate() throws Exception {
        String out = run("generate", "--model", model.toString(), "--prompt", "Hi", "--chat", "-n", "2", "--temp",
                "0", "--json");
        JsonNode j = new ObjectMapper().readTree(out);
        assertTrue(j.get("prompt_tokens").size() > 8, "ChatML markup around a one-word prompt: " + out);
    }

    @Test
    void benchJsonReportsTheRequiredFields() throws Exception {
        String out = run("bench", "--model", model.toString(), "-p", "8", "-n", "4", "-r", "1", "-t", "1", "--json");
        JsonNode j = new ObjectMapper().readTree(out);
        assertTrue(j.get("prefill_tps").asDouble() > 0);
        assertTrue(j.get("decode_tps").asDouble() > 0);
        assertTrue(j.get("bytes_per_token").asLong() > 0);
    }

    @Test
    void unknownArchIsAUserError() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.consilium.llm.LlmUserError.class,
                () -> io.consilium.llm.model.synth.SynthShape.of("gpt5", "test"));
        assertTrue(e.getMessage().contains("gpt5") && e.getMessage().contains("deepseek2"), e.getMessage());
    }
}
