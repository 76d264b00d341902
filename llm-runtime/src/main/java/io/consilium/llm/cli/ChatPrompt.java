package io.consilium.llm.cli;

import io.consilium.llm.LlmUserError;
import io.consilium.llm.engine.LlmEngine;

/** Renders a single user message with the model's own chat template. */
final class ChatPrompt {
    private ChatPrompt() {
    }

    static String render(LlmEngine engine, String userMessage) {
        var md = engine.loaded().file().metadata();
        if (!md.has("tokenizer.chat_template")) {
            throw new LlmUserError("model file " + engine.loaded().file().path()
                    + " has no tokenizer.chat_template; run without --chat");
        }
        throw new LlmUserError("--chat is not available yet: chat template rendering has not landed");
    }
}
