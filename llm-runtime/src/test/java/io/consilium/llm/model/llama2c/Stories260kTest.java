package io.consilium.llm.model.llama2c;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consilium.llm.cli.LlmCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The real trained model end to end: convert llama2.c's stories260K to GGUF, then greedy-generate 256 tokens from
 * an empty prompt through the CLI and compare with the output documented in stories260K.md.
 */
class Stories260kTest {
    @TempDir
    Path dir;

    private static Path shared() {
        return Path.of(System.getProperty("consilium.shared"), "data", "models", "stories260K");
    }

    /** The fenced block after "./run ... -t 0.0" in stories260K.md. */
    private static String documentedStory() throws IOException {
        String md = Files.readString(shared().resolve("stories260K.md"));
        int cmd = md.indexOf("-t 0.0\n");
        int start = md.indexOf('\n', cmd) + 1;
        int end = md.indexOf("```", start);
        return md.substring(start, end).stripTrailing();
    }

    private static String run(String... args) {
        StringWriter sw = new StringWriter();
        CommandLine cl = new CommandLine(new LlmCommand());
        cl.setOut(new PrintWriter(sw));
        int code = cl.execute(args);
        assertEquals(0, code, "exit code of llm " + String.join(" ", args));
        return sw.toString();
    }

    @Test
    void greedyStoryMatchesLlama2cExactly() throws IOException {
        Path gguf = dir.resolve("stories260K.gguf");
        run("convert-llama2c", "--checkpoint", shared().resolve("stories260K.bin").toString(),
                "--tokenizer", shared().resolve("tok512.bin").toString(), "--out", gguf.toString());
        String out = run("generate", "--model", gguf.toString(), "--prompt", "", "--temp", "0", "-n", "256",
                "-t", "2");
        assertEquals(documentedStory(), out.stripTrailing());
    }
}
