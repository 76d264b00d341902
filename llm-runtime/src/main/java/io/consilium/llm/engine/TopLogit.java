package io.consilium.llm.engine;

/** One of the most likely tokens at a step, for inspection ({@code llm generate --json}). */
public record TopLogit(int id, String piece, float logit) {
}
