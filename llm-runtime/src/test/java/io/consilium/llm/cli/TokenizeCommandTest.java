package io.consilium.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.llm.LlmUserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `llm tokenize` on the vocab-only GGUF files: ids from llama.cpp's expected outputs, errors as user errors. */
class TokenizeCommandTest {
    @TempDir
    Path tmp;

    static Path vocab(String name) {
        return Path.of(System.getProperty("consilium.shared"), "data", "tokenizer", name);
    }

    static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new LlmCommand());
        cmd.setOut(new PrintWriter(out));
        Exception[] thrown = new Exception[1];
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            thrown[0] = ex;
            return 1;
        });
        int rc = cmd.execute(args);
        if (thrown[0] instanceof RuntimeException re) {
            throw re;
        }
        assertEquals(0, rc);
        return out.toString();
    }

    /** The i-th expected line of a vocab's .out file, without the leading space. */
    static String expected(String name, int i) throws IOException {
        return Files.readAllLines(Path.of(vocab(name) + ".out")).get(i).strip();
    }

    @Test
    void textFileAndJsonLinesGiveTheReferenceIds() throws IOException {
        String gguf = vocab("ggml-vocab-gpt-2.gguf").toString();
        // .inp test #10 is "Hello world" in llama.cpp's vocab tests
        List<String> inputs = io.consilium.llm.tokenizer.VocabFilesTest.inputs(vocab("ggml-vocab-gpt-2.gguf"));
        int hello = inputs.indexOf("Hello world");
        assertEquals(expected("ggml-vocab-gpt-2.gguf", hello), run("tokenize", "--model", gguf, "--text", "Hello world").strip());

        Path f = tmp.resolve("in.txt");
        Files.writeString(f, "Hello world", StandardCharsets.UTF_8);
        assertEquals(expected("ggml-vocab-gpt-2.gguf", hello), run("tokenize", "--model", gguf, "--file", f.toString()).strip());

        Path j = tmp.resolve("in.jsonl");
        int other = inputs.indexOf(" Hello world");
        Files.writeString(j, "\"Hello world\"\n\" Hello world\"\n\"\"\n", StandardCharsets.UTF_8);
        List<String> lines = run("tokenize", "--model", gguf, "--jsonl", j.toString()).lines().toList();
        assertEquals(List.of(expected("ggml-vocab-gpt-2.gguf", hello), expected("ggml-vocab-gpt-2.gguf", other), ""), lines);
    }

    @Test
    void addSpecialAddsBosForSentencePiece() {
        String gguf = vocab("ggml-vocab-llama-spm.gguf").toString();
        String plain = run("tokenize", "--model", gguf, "--text", "Hi").strip();
        String special = run("tokenize", "--model", gguf, "--text", "Hi", "--add-special").strip();
        assertEquals("1 " + plain, special);
    }

    @Test
    void errorsNameTheFileAndLine() throws IOException {
        String gguf = vocab("ggml-vocab-gpt-2.gguf").toString();
        Path j = tmp.resolve("bad.jsonl");
        Files.writeString(j, "\"ok\"\n{\"text\": 1}\n", StandardCharsets.UTF_8);
        LlmUserError e = assertThrows(LlmUserError.class, () -> run("tokenize", "--model", gguf, "--jsonl", j.toString()));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("expected a JSON string"), e.getMessage());

        Files.writeString(j, "\"ok\"\n\"ok\"\n\"unterminated\n", StandardCharsets.UTF_8);
        e = assertThrows(LlmUserError.class, () -> run("tokenize", "--model", gguf, "--jsonl", j.toString()));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("not valid JSON"), e.getMessage());

        e = assertThrows(LlmUserError.class, () -> run("tokenize", "--model", tmp.resolve("nope.gguf").toString(), "--text", "x"));
        assertTrue(e.getMessage().contains("nope.gguf"), e.getMessage());

        e = assertThrows(LlmUserError.class, () -> run("tokenize", "--model", gguf, "--file", tmp.resolve("missing.txt").toString()));
        assertTrue(e.getMessage().contains("missing.txt") && e.getMessage().contains("does not exist"), e.getMessage());
    }
}
