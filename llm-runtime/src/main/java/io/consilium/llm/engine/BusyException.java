package io.consilium.llm.engine;

/** The engine's queue is full; the caller should answer "busy" (HTTP 429/503) and let the client retry. */
public final class BusyException extends RuntimeException {
    public BusyException(String message) {
        super(message, null, false, false);
    }
}
