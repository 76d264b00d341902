package io.consilium.llm.serve.bus;

/**
 * What the bus verticle needs from an engine: a blocking, thread-safe generate call. The engine
 * adapter lives beside it; tests use small fakes.
 */
public interface TextGenerator extends AutoCloseable {
    /** A name for status pages and responses (the model file's name). */
    String modelName();

    /** Blocks until done; called on a worker thread, never on an event loop. */
    LlmResponse generate(LlmRequest request);

    @Override
    default void close() {
    }
}
