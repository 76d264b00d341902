package io.consilium.llm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Streaming output equals decode, and never releases half a character. */
class TokenTextStreamTest {

    @Test
    void streamingEqualsDecodeForByteFallbackAndByteLevelVocabs() {
        String text = "Grüße 🦙🦙 世界\n  ok <s> 3.14 ' x";
        for (String name : List.of("ggml-vocab-llama-spm.gguf", "ggml-vocab-gpt-2.gguf", "ggml-vocab-deepseek-llm.gguf")) {
            Tokenizer tok = RoundTripTest.load(VocabFilesTest.dir().resolve(name));
            int[] ids = tok.encode(text, true, false);
            TokenTextStream stream = new TokenTextStream(tok, false);
            StringBuilder out = new StringBuilder();
            for (int id : ids) {
                String piece = stream.push(id);
                assertFalse(piece.contains("\uFFFD"), name + ": a partial character was released");
                out.append(piece);
            }
            out.append(stream.flush());
            assertEquals(tok.decode(ids, false), out.toString(), name);
            assertEquals(text, out.toString(), name);
        }
    }

    @Test
    void completePrefixHoldsBackUnfinishedSequences() {
        byte[] emoji = "🦙".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, TokenTextStream.completePrefix(new byte[] {emoji[0], emoji[1]}));
        assertEquals(4, TokenTextStream.completePrefix(emoji));
        assertEquals(1, TokenTextStream.completePrefix(new byte[] {'a', emoji[0]}));
    }
}
