package io.consilium.llm.serve.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.llm.engine.EngineOptions;
import io.consilium.llm.engine.LlmEngine;
import io.consilium.llm.model.synth.SynthShape;
import io.consilium.llm.model.synth.SynthWriter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event-bus API over the batching generator: schema-valid answers, streamed pieces, many at once. */
class BatchBusTest {
    static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final String SCHEMA = "{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"action\","
            + "\"fraction\",\"reason\"],\"properties\":{\"action\":{\"enum\":[\"buy\",\"sell\",\"hold\"]},"
            + "\"fraction\":{\"type\":\"number\",\"minimum\":0,\"maximum\":1},\"reason\":{\"type\":\"string\","
            + "\"maxLength\":40}}}";
    @TempDir
    static Path dir;
    static Vertx vertx;
    static BatchTextGenerator gen;

    @BeforeAll
    static void start() throws Exception {
        Path p = dir.resolve("m.gguf");
        SynthWriter.write(SynthShape.of("qwen2moe", "test"), "Q8_0", 2, p);
        gen = new BatchTextGenerator(LlmEngine.load(p, new EngineOptions(2, 512)), "m.gguf", 4);
        vertx = Vertx.vertx();
        for (Class<?> c : List.of(LlmRequest.class, LlmResponse.class, LlmToken.class)) {
            register(c);
        }
        vertx.deployVerticle(new LlmBusVerticle(gen, "llm.generate", "llm.ping", 1)).await(30, TimeUnit.SECONDS);
    }

    private static <T> void register(Class<T> type) {
        vertx.eventBus().registerDefaultCodec(type, new MessageCodec<T, T>() {
            @Override
            public void encodeToWire(Buffer buffer, T t) {
                try {
                    byte[] b = JSON.writeValueAsBytes(t);
                    buffer.appendInt(b.length).appendBytes(b);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public T decodeFromWire(int pos, Buffer buffer) {
                try {
                    int len = buffer.getInt(pos);
                    return JSON.readValue(buffer.getBytes(pos + 4, pos + 4 + len), type);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public T transform(T t) {
                return t;
            }

            @Override
            public String name() {
                return "test-" + type.getSimpleName();
            }

            @Override
            public byte systemCodecID() {
                return -1;
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        gen.close();
    }

    @Test
    void concurrentSchemaRequestsAnswerValidJsonAndStream() throws Exception {
        List<String> streamed = new CopyOnWriteArrayList<>();
        vertx.eventBus().<LlmToken>consumer("test.stream", m -> streamed.add(m.body().text()))
                .completion().await(10, TimeUnit.SECONDS);
        List<io.vertx.core.Future<io.vertx.core.eventbus.Message<LlmResponse>>> replies = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            LlmRequest req = new LlmRequest(LlmRequest.VERSION, "r" + i, "Market: ETH at " + (3000 + i) + ". Decide.",
                    80, 0.8, i, SCHEMA, 60_000, i % 2, i == 0 ? "test.stream" : null);
            replies.add(vertx.eventBus().request("llm.generate", req));
        }
        for (int i = 0; i < 6; i++) {
            LlmResponse r = replies.get(i).await(120, TimeUnit.SECONDS).body();
            assertNull(r.error(), r.toString());
            JsonNode n = JSON.readTree(r.text());
            double f = n.get("fraction").asDouble();
            assertTrue(f >= 0 && f <= 1, r.text());
            assertTrue(List.of("buy", "sell", "hold").contains(n.get("action").asText()), r.text());
            if (i == 0) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!String.join("", streamed).equals(r.text()) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(r.text(), String.join("", streamed));
            }
        }
    }

    @Test
    void oldEightFieldRequestsStillWork() throws Exception {
        LlmRequest old = JSON.readValue("{\"version\":1,\"id\":\"x\",\"prompt\":\"hi\",\"maxTokens\":5,"
                + "\"temperature\":0,\"seed\":1,\"jsonSchema\":null,\"timeoutMillis\":1000}", LlmRequest.class);
        assertEquals(0, old.priority());
        assertNull(old.streamAddress());
        LlmResponse r = vertx.eventBus().<LlmResponse>request("llm.generate", old).await(60, TimeUnit.SECONDS).body();
        assertTrue(r.ok(), r.toString());
        assertTrue(r.completionTokens() > 0);
        LlmResponse bad = gen.generate(new LlmRequest(1, "y", "hi", 5, 0, 1, "{\"type\":\"string\",\"pattern\":\"x\"}", 0));
        assertTrue(bad.error().contains("pattern"), bad.error());
    }
}
