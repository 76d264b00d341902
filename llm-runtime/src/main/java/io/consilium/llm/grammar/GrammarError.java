package io.consilium.llm.grammar;

import io.consilium.llm.LlmUserError;

/** A grammar or JSON Schema the constraint compiler cannot accept; the message says where and what to change. */
public final class GrammarError extends LlmUserError {
    public GrammarError(String message) {
        super(message);
    }
}
