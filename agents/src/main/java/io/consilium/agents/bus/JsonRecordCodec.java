package io.consilium.agents.bus;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Carries one record type as JSON on the wire (so a cluster peer decodes it into the same record)
 * and as the record itself locally (records are immutable, so no copy is needed).
 */
final class JsonRecordCodec<T> implements MessageCodec<T, T> {
    private final Class<T> type;
    private final ObjectMapper json;

    JsonRecordCodec(Class<T> type, ObjectMapper json) {
        this.type = type;
        this.json = json;
    }

    @Override
    public void encodeToWire(Buffer buffer, T value) {
        try {
            byte[] bytes = json.writeValueAsBytes(value);
            buffer.appendInt(bytes.length).appendBytes(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        int len = buffer.getInt(pos);
        try {
            return json.readValue(buffer.getBytes(pos + 4, pos + 4 + len), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + type.getSimpleName(), e);
        }
    }

    @Override
    public T transform(T value) {
        return value;
    }

    @Override
    public String name() {
        return "consilium:" + type.getName();
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
