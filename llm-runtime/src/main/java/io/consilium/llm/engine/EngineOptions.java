package io.consilium.llm.engine;

/**
 * @param threads       compute threads (0 = all available cores)
 * @param contextLength tokens a sequence may hold (0 = the model's training context, capped at 4096)
 */
public record EngineOptions(int threads, int contextLength) {
    public static final int DEFAULT_CONTEXT_CAP = 4096;

    public EngineOptions {
        if (threads < 0 || contextLength < 0) {
            throw new IllegalArgumentException("threads and context length must be ≥ 0");
        }
    }

    public static EngineOptions defaults() {
        return new EngineOptions(0, 0);
    }
}
