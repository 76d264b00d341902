package io.consilium.llm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.consilium.llm.gguf.GgufFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * llama.cpp's tokenizer test vectors: for every vocab in shared/data/tokenizer with a .gguf and an
 * .out file, each test string of the .inp file (separated by a "__ggml_vocab_test__" line) must
 * encode (no BOS/EOS, no special parsing) to exactly the ids on the matching .out line.
 */
public class VocabFilesTest {
    static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    static Path dir() {
        return Path.of(System.getProperty("consilium.shared"), "data", "tokenizer");
    }

    static List<Path> vocabsWithExpectations() throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.toString().endsWith(".gguf"))
                    .filter(p -> Files.exists(Path.of(p + ".out")) && Files.exists(Path.of(p + ".inp")))
                    .sorted().toList();
        }
    }

    public static List<String> inputs(Path gguf) throws IOException {
        String raw = Files.readString(Path.of(gguf + ".inp"), StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        int pos = 0;
        while (true) {
            int next = raw.indexOf(SEPARATOR, pos);
            if (next < 0) {
                out.add(raw.substring(pos));
                break;
            }
            out.add(raw.substring(pos, next));
            pos = next + SEPARATOR.length();
        }
        // the file ends with a separator, leaving one empty chunk that is not a test
        if (out.getLast().isEmpty()) {
            out.removeLast();
        }
        return out;
    }

    static List<int[]> expected(Path gguf) throws IOException {
        return Files.readAllLines(Path.of(gguf + ".out"), StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .map(l -> l.isEmpty() ? new int[0] : Arrays.stream(l.split(" +")).mapToInt(Integer::parseInt).toArray())
                .toList();
    }

    @TestFactory
    Stream<DynamicTest> everyVocabReproducesItsOutFile() throws IOException {
        List<Path> vocabs = vocabsWithExpectations();
        assertFalse(vocabs.isEmpty(), "no vocab files under " + dir());
        return vocabs.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Tokenizer tok;
            try (GgufFile f = GgufFile.open(p)) {
                tok = Tokenizers.fromGguf(f);
            }
            List<String> in = inputs(p);
            List<int[]> want = expected(p);
            assertEquals(want.size(), in.size(), "tests in .inp vs lines in .out");
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < in.size(); i++) {
                int[] got = tok.encode(in.get(i), false, false);
                if (!Arrays.equals(want.get(i), got)) {
                    failures.add("#" + i + " '" + in.get(i) + "'\n  want " + Arrays.toString(want.get(i))
                            + "\n  got  " + Arrays.toString(got));
                }
            }
            assertEquals("", failures.stream().collect(Collectors.joining("\n")),
                    failures.size() + " of " + in.size() + " strings differ for " + p.getFileName());
        }));
    }
}
