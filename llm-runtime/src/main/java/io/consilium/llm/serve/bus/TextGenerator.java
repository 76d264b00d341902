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

    /** As {@link #generate(LlmRequest)}, passing each piece of text to {@code onText} as it is produced. */
    default LlmResponse generate(LlmRequest request, java.util.function.Consumer<String> onText) {
        LlmResponse r = generate(request);
        if (r.ok() && !r.text().isEmpty()) {
            onText.accept(r.text());
        }
        return r;
    }

    /** Requests worth running at once (a batching engine decodes many together); the bus verticle sizes its pool by it. */
    default int concurrency() {
        return 1;
    }

    @Override
    default void close() {
    }
}
