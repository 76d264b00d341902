package io.consilium.llm.engine;

/**
 * Receives a batched sequence's output on the engine's scheduler thread: implementations hand it on quickly
 * (to a Vert.x context, a queue) and never block.
 */
public interface BatchListener {
    /** @param text the text this token completes (empty while a character or a possible stop string is pending) */
    void onToken(int id, String text);

    void onDone(BatchResult result);

    BatchListener NONE = new BatchListener() {
        @Override
        public void onToken(int id, String text) {
        }

        @Override
        public void onDone(BatchResult result) {
        }
    };
}
