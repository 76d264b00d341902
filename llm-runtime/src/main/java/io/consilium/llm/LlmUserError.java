package io.consilium.llm;

/**
 * An error the user caused. The message names the file, key or line and what to do; the CLI prints
 * it as one line and exits non-zero. Never put keys, mnemonics or passwords in it.
 */
public class LlmUserError extends RuntimeException {
    public LlmUserError(String message) {
        super(message);
    }

    public LlmUserError(String message, Throwable cause) {
        super(message, cause);
    }
}
