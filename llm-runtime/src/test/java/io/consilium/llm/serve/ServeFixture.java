package io.consilium.llm.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.llm.engine.BatchEngine;
import io.consilium.llm.engine.BatchOptions;
import io.consilium.llm.engine.EngineOptions;
import io.consilium.llm.engine.LlmEngine;
import io.consilium.llm.model.synth.SynthShape;
import io.consilium.llm.model.synth.SynthWriter;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real server on a free loopback port over a synthetic model, for the HTTP tests. */
final class ServeFixture implements AutoCloseable {
    static final String KEY = "test-key";
    static final ObjectMapper JSON = new ObjectMapper();

    final LlmEngine engine;
    final BatchEngine batch;
    final Vertx vertx;
    final OpenAiServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final String base;

    ServeFixture(Path dir, int parallel, int maxBodyBytes) throws Exception {
        this(dir, parallel, maxBodyBytes, 64);
    }

    ServeFixture(Path dir, int parallel, int maxBodyBytes, int queueLimit) throws Exception {
        Path model = dir.resolve("qwen2moe-test.gguf");
        java.nio.file.Files.createDirectories(dir);
        SynthWriter.write(SynthShape.of("qwen2moe", "test"), "Q8_0", 21, model);
        engine = LlmEngine.load(model, new EngineOptions(2, 512));
        batch = new BatchEngine(engine, new BatchOptions(parallel, 1L << 30, queueLimit, 64, 64L << 20, 16));
        LlmService service = new LlmService(batch, "qwen2moe-test.gguf", null);
        vertx = Vertx.vertx();
        server = new OpenAiServer(service, new OpenAiServer.Options("127.0.0.1", 0, KEY, maxBodyBytes, 120_000));
        vertx.deployVerticle(server).await(30, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + server.actualPort();
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + KEY)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode health() throws Exception {
        return JSON.readTree(get("/health").body());
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        batch.close();
        engine.close();
    }
}
