package io.consilium.llm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.llm.gguf.GgufFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** decode(encode(s)) == s for the lossless vocab types, and streaming by token bytes equals decode. */
class RoundTripTest {

    static Tokenizer load(Path p) {
        try (GgufFile f = GgufFile.open(p)) {
            return Tokenizers.fromGguf(f);
        }
    }

    @TestFactory
    Stream<DynamicTest> decodeOfEncodeIsIdentity() throws IOException {
        List<Path> vocabs;
        try (Stream<Path> s = Files.list(VocabFilesTest.dir())) {
            vocabs = s.filter(p -> p.toString().endsWith(".gguf")).sorted().toList();
        }
        String extra = "Grüße, 世界! 🦙 \t\n  x  \u00a0 ' 're 123456 ünïcödé \uD83D\uDE00 <s> </s> <|endoftext|>";
        return vocabs.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Tokenizer tok = load(p);
            if (tok instanceof WpmTokenizer) {
                return; // WordPiece lower-cases and drops accents: lossy by design
            }
            List<String> inputs = Files.exists(Path.of(p + ".inp")) ? VocabFilesTest.inputs(p) : List.of();
            for (String s : Stream.concat(inputs.stream(), Stream.of(extra)).toList()) {
                int[] ids = tok.encode(s, false, false);
                assertEquals(s, tok.decode(ids), "round trip of '" + s + "'");
                ByteArrayOutputStream streamed = new ByteArrayOutputStream();
                for (int id : ids) {
                    streamed.writeBytes(tok.tokenBytes(id));
                }
                String st = streamed.toString(StandardCharsets.UTF_8);
                assertEquals(s, tok.vocabulary().addSpacePrefix() && !s.isEmpty() ? st.substring(1) : st);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> addSpecialAddsBosAsTheVocabSays() {
        return Stream.of("ggml-vocab-llama-spm.gguf", "ggml-vocab-deepseek-llm.gguf", "ggml-vocab-gpt-2.gguf")
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    Tokenizer tok = load(VocabFilesTest.dir().resolve(name));
                    int[] plain = tok.encode("Hello world", false, false);
                    int[] special = tok.encode("Hello world", true, false);
                    if (tok.vocabulary().addBos()) {
                        assertEquals(plain.length + 1, special.length);
                        assertEquals(tok.bos(), special[0]);
                        assertEquals("Hello world", tok.decode(special, false));
                    } else {
                        assertArrayEquals(plain, special);
                    }
                    assertTrue(tok.isEog(tok.eos()));
                }));
    }
}
