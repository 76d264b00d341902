package io.consilium.llm.cli;

import io.consilium.llm.chat.ChatMessage;
import io.consilium.llm.chat.ChatTemplate;
import io.consilium.llm.engine.LlmEngine;
import io.consilium.llm.tokenizer.Tokenizer;
import java.util.List;

/**
 * Renders one user message with the model's own chat template (ChatML when the file has none, as llama.cpp
 * does) and encodes it. Templates usually write the BOS text themselves, so BOS is only added when the rendered
 * prompt does not already start with it.
 */
final class ChatPrompt {
    private ChatPrompt() {
    }

    static int[] encode(LlmEngine engine, String userMessage) {
        ChatTemplate template = ChatTemplate.fromGguf(engine.loaded().file().metadata());
        String text = template.render(List.of(ChatMessage.user(userMessage)), true, null, null);
        Tokenizer tok = engine.tokenizer();
        boolean hasBos = tok.bos() >= 0 && text.startsWith(tok.piece(tok.bos()));
        return tok.encode(text, !hasBos, true);
    }
}
