package io.consilium.llm.gguf;

import io.consilium.llm.LlmUserError;

import java.nio.file.Path;

/** A GGUF file that is missing, truncated, corrupt or hostile; the message names the file and the problem. */
public final class GgufFormatException extends LlmUserError {
    public GgufFormatException(String message) {
        super(message);
    }

    public GgufFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    static GgufFormatException of(Path file, String problem) {
        return new GgufFormatException("GGUF file " + file + ": " + problem);
    }
}
