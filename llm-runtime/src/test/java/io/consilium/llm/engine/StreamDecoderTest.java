package io.consilium.llm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consilium.llm.gguf.GgufFile;
import io.consilium.llm.tokenizer.Tokenizer;
import io.consilium.llm.tokenizer.Tokenizers;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamDecoderTest {

    private static Tokenizer spm() {
        Path p = Path.of(System.getProperty("consilium.shared"), "data", "tokenizer", "ggml-vocab-llama-spm.gguf");
        try (GgufFile f = GgufFile.open(p)) {
            return Tokenizers.fromGguf(f);
        }
    }

    @Test
    void controlTokensAddNoTextUnlessTheRequestShowsThem() {
        Tokenizer tok = spm();
        int[] hello = tok.encode("Hello world");
        int control = tok.bos();
        StreamDecoder hidden = new StreamDecoder(tok);
        StreamDecoder shown = new StreamDecoder(tok, Set.of(control));
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int id : new int[] {hello[0], control, hello[1]}) {
            a.append(hidden.push(id));
            b.append(shown.push(id));
        }
        String first = tok.decode(new int[] {hello[0]}, false);
        String second = new String(tok.tokenBytes(hello[1]), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(first + second, a.toString());
        assertEquals(first + tok.piece(control) + second, b.toString());
        assertEquals(b.toString(), shown.text());
        // a shown control token first in the answer is shown too
        StreamDecoder lead = new StreamDecoder(tok, Set.of(control));
        assertEquals(tok.piece(control), lead.push(control));
    }
}
