package io.consilium.llm.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.llm.LlmUserError;
import io.consilium.llm.model.synth.SynthShape;
import io.consilium.llm.model.synth.SynthWriter;
import io.consilium.llm.sample.SamplerConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmEngineTest {
    @TempDir
    static Path dir;
    static LlmEngine engine;

    @BeforeAll
    static void load() {
        Path p = dir.resolve("qwen2moe.gguf");
        SynthWriter.write(SynthShape.of("qwen2moe", "test"), "Q8_0", 4, p);
        engine = LlmEngine.load(p, new EngineOptions(2, 400));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void batchedPrefillOfALongPromptEqualsOneForwardCall() {
        int[] prompt = new int[300];
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = 3 + (i * 7919) % 31000;
        }
        float[] batched = engine.prefill(engine.model().newSequence(400), prompt);
        float[] whole = engine.model().forward(engine.compute(), engine.model().newSequence(400), prompt, 0,
                prompt.length, false);
        assertArrayEquals(whole, batched, 1e-3f);
    }

    @Test
    void listenerSeesEveryTokenAndTheTextAddsUp() {
        StringBuilder streamed = new StringBuilder();
        int[] count = new int[1];
        Generation g = engine.generate(GenerateRequest.of("Once upon", SamplerConfig.greedy(), 12), (id, t) -> {
            count[0]++;
            streamed.append(t);
        });
        assertEquals(g.tokens().length, count[0]);
        assertEquals(g.text(), streamed.toString());
        assertEquals(engine.tokenizer().decode(g.tokens(), false), g.text());
    }

    @Test
    void seededSamplingIsReproducible() {
        SamplerConfig cfg = SamplerConfig.defaults(99);
        Generation a = engine.generate(GenerateRequest.of("Hello", cfg, 10), TokenListener.NONE);
        Generation b = engine.generate(GenerateRequest.of("Hello", cfg, 10), TokenListener.NONE);
        assertArrayEquals(a.tokens(), b.tokens());
    }

    @Test
    void stopStringCutsTheText() {
        Generation free = engine.generate(GenerateRequest.of("The", SamplerConfig.greedy(), 10), TokenListener.NONE);
        String text = free.text();
        assertTrue(text.length() >= 4, "ten greedy tokens give some text: " + text);
        String stop = text.substring(text.length() / 2, text.length() / 2 + 2);
        Generation g = engine.generate(new GenerateRequest("The", null, SamplerConfig.greedy(), 10, List.of(stop),
                null, 0), TokenListener.NONE);
        assertEquals(Generation.StopReason.STOP_STRING, g.stopReason());
        assertFalse(g.text().contains(stop));
        assertTrue(text.startsWith(g.text()));
    }

    @Test
    void logitProcessorConstrainsTheChoice() {
        int forced = 450;
        Generation g = engine.generate(new GenerateRequest("Hi", null, SamplerConfig.greedy(), 3, List.of(),
                (logits, history) -> {
                    for (int i = 0; i < logits.length; i++) {
                        if (i != forced) {
                            logits[i] = Float.NEGATIVE_INFINITY;
                        }
                    }
                }, 0), TokenListener.NONE);
        assertArrayEquals(new int[] {forced, forced, forced}, g.tokens());
    }

    @Test
    void tooLongPromptIsAUserError() {
        assertThrows(LlmUserError.class, () -> engine.generate(new GenerateRequest(null, new int[400],
                SamplerConfig.greedy(), 1, List.of(), null, 0), TokenListener.NONE));
    }

    @Test
    void refusesToRunOnAnEventLoop() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            vertx.runOnContext(v -> {
                try {
                    engine.generate(GenerateRequest.of("x", SamplerConfig.greedy(), 1), TokenListener.NONE);
                    failure.complete(null);
                } catch (Throwable t) {
                    failure.complete(t);
                }
            });
            assertTrue(failure.get(30, TimeUnit.SECONDS) instanceof IllegalStateException);
        } finally {
            vertx.close().await();
        }
    }
}
