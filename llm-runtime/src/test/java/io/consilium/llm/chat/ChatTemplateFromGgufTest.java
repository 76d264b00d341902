package io.consilium.llm.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.llm.gguf.GgufFile;
import io.consilium.llm.tokenizer.Tokenizer;
import io.consilium.llm.tokenizer.Tokenizers;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The template stored in a real GGUF (Phi-3's vocab file), rendered and tokenized with special tokens. */
class ChatTemplateFromGgufTest {
    static Path vocab(String name) {
        return Path.of(System.getProperty("consilium.shared"), "data", "tokenizer", name);
    }

    @Test
    void phi3TemplateRendersAndItsMarkersTokenizeAsControlTokens() {
        try (GgufFile f = GgufFile.open(vocab("ggml-vocab-phi-3.gguf"))) {
            ChatTemplate t = ChatTemplate.fromGguf(f.metadata());
            Tokenizer tok = Tokenizers.fromGguf(f);
            String prompt = t.render(List.of(ChatMessage.user("Hello"), ChatMessage.assistant("Hi there"),
                    ChatMessage.user("Who are you")), true, null, null);
            assertEquals("<s><|user|>\nHello<|end|>\n<|assistant|>\nHi there<|end|>\n<|user|>\nWho are you<|end|>\n<|assistant|>\n",
                    prompt);
            int[] ids = tok.encode(prompt, false, true);
            int user = tok.encode("<|user|>", false, true)[0];
            assertEquals(1, ids[0], "BOS text parsed as the BOS token");
            assertEquals(user, ids[1]);
            assertEquals(2, Arrays.stream(ids).filter(i -> i == user).count());
            assertTrue(tok.isControl(user));
            assertTrue(tok.isEog(tok.encode("<|end|>", false, true)[0]), "<|end|> ends a turn");
            // without special parsing the markers are plain text
            assertTrue(Arrays.stream(tok.encode(prompt, false, false)).noneMatch(i -> i == user));
        }
    }

    @Test
    void aVocabWithoutTemplateFallsBackToChatMl() {
        try (GgufFile f = GgufFile.open(vocab("ggml-vocab-gpt-2.gguf"))) {
            ChatTemplate t = ChatTemplate.fromGguf(f.metadata());
            assertTrue(t.isChatMl());
            assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
                    t.render(List.of(ChatMessage.user("Hi")), true, null, null));
        }
    }
}
