package io.consilium.llm.engine;

/** Receives each generated token as it is produced, with the text it completes (may be empty mid-character). */
@FunctionalInterface
public interface TokenListener {
    void onToken(int id, String text);

    TokenListener NONE = (id, text) -> { };
}
