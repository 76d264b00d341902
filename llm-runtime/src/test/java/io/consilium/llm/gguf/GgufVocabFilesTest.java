package io.consilium.llm.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The llama.cpp vocab files in the shared data open and expose their token lists. */
class GgufVocabFilesTest {

    static Stream<Path> vocabFiles() throws IOException {
        Path dir = Path.of(System.getProperty("consilium.shared"), "data", "tokenizer");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches("ggml-vocab-.*\\.gguf")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no vocab files in " + dir);
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("vocabFiles")
    void opensAndExposesTokens(Path file) {
        try (GgufFile g = GgufFile.open(file)) {
            List<String> tokens = g.metadata().getStringArray("tokenizer.ggml.tokens");
            assertTrue(tokens.size() > 100, file + " has " + tokens.size() + " tokens");
            assertTrue(g.metadata().has("tokenizer.ggml.model"));
            if (g.metadata().has("tokenizer.ggml.token_type")) {
                assertEquals(tokens.size(), g.metadata().getIntArray("tokenizer.ggml.token_type").length);
            }
        }
    }
}
