package io.consilium.llm.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.llm.LlmUserError;
import io.consilium.llm.grammar.Grammar;
import io.consilium.llm.grammar.GrammarConstraint;
import io.consilium.llm.grammar.GrammarStates;
import io.consilium.llm.grammar.JsonSchemaGrammar;
import io.consilium.llm.grammar.TokenMasker;
import io.consilium.llm.grammar.VocabTrie;
import io.consilium.llm.model.synth.SynthShape;
import io.consilium.llm.model.synth.SynthWriter;
import io.consilium.llm.sample.SamplerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchEngineTest {
    @TempDir
    static Path dir;
    static LlmEngine engine;

    @BeforeAll
    static void load() {
        Path p = dir.resolve("qwen2moe.gguf");
        SynthWriter.write(SynthShape.of("qwen2moe", "test"), "Q8_0", 11, p);
        engine = LlmEngine.load(p, new EngineOptions(2, 256));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static int[] prompt(int seed, int n) {
        int[] p = new int[n];
        p[0] = 1;
        for (int i = 1; i < n; i++) {
            p[i] = 3 + (int) ((seed * 7919L + i * 104729L) % 31000);
        }
        return p;
    }

    static BatchRequest req(int[] prompt, long seed, int max) {
        return new BatchRequest(prompt, SamplerConfig.defaults(seed).withTemperature(1.2f), max, List.of(), null, 0, 0);
    }

    static BatchResult run(BatchEngine be, BatchRequest r) throws Exception {
        return be.submit(r, BatchListener.NONE).result().get(120, TimeUnit.SECONDS);
    }

    @Test
    void concurrentSequencesEqualTheSameRequestAlone() throws Exception {
        try (BatchEngine be = new BatchEngine(engine, new BatchOptions(8, 1L << 30, 64, 16, 0, 16))) {
            run(be, req(prompt(99, 20), 1, 8)); // warm-up: the JIT settles before anything is compared
            List<BatchRequest> reqs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                reqs.add(req(prompt(i, 5 + 9 * i), 40 + i, 10 + i));
            }
            List<int[]> alone = new ArrayList<>();
            for (BatchRequest r : reqs) {
                alone.add(run(be, r).tokens());
            }
            List<BatchEngine.Ticket> tickets = new ArrayList<>();
            for (BatchRequest r : reqs) {
                tickets.add(be.submit(r, BatchListener.NONE));
            }
            for (int i = 0; i < reqs.size(); i++) {
                BatchResult got = tickets.get(i).result().get(120, TimeUnit.SECONDS);
                assertArrayEquals(alone.get(i), got.tokens(), "request " + i);
            }
            assertTrue(be.stats().steps() > 0);
        }
    }

    @Test
    void prefixCacheReusesASharedPromptAndGivesTheSameAnswer() throws Exception {
        try (BatchEngine be = new BatchEngine(engine, new BatchOptions(4, 1L << 30, 64, 32, 64L << 20, 16))) {
            int[] system = prompt(5, 80);
            int[] a = concat(system, prompt(6, 10));
            int[] b = concat(system, prompt(7, 12));
            BatchResult first = run(be, req(a, 3, 6));
            assertEquals(0, first.cachedPromptTokens());
            BatchResult second = run(be, req(b, 3, 6));
            assertTrue(second.cachedPromptTokens() >= 80, "the shared system prompt is reused");
            try (BatchEngine cold = new BatchEngine(engine, new BatchOptions(4, 1L << 30, 64, 32, 0, 16))) {
                assertArrayEquals(run(cold, req(b, 3, 6)).tokens(), second.tokens());
            }
            BatchResult again = run(be, req(a, 3, 6));
            assertEquals(a.length - 1, again.cachedPromptTokens(), "a repeated prompt reuses all but its last token");
            assertArrayEquals(first.tokens(), again.tokens());
        }
    }

    @Test
    void cancelFreesTheSequenceAndOthersGoOn() throws Exception {
        try (BatchEngine be = new BatchEngine(engine, new BatchOptions(2, 1L << 30, 64, 32, 0, 16))) {
            CountDownLatch started = new CountDownLatch(3);
            BatchEngine.Ticket[] self = new BatchEngine.Ticket[1];
            BatchListener l = new BatchListener() {
                @Override
                public void onToken(int id, String text) {
                    started.countDown();
                    if (started.getCount() == 0) {
                        self[0].cancel(); // as a client disconnect would, from another thread, mid-generation
                    }
                }

                @Override
                public void onDone(BatchResult result) {
                }
            };
            BatchEngine.Ticket t = be.submit(req(prompt(1, 10), 1, 200), l);
            self[0] = t;
            BatchEngine.Ticket other = be.submit(req(prompt(2, 10), 2, 12), BatchListener.NONE);
            assertTrue(started.await(60, TimeUnit.SECONDS));
            BatchResult r = t.result().get(60, TimeUnit.SECONDS);
            assertEquals(BatchResult.Reason.CANCELLED, r.reason());
            assertTrue(r.tokens().length <= 4, "stopped at the next step: " + r.tokens().length);
            assertEquals(12, other.result().get(60, TimeUnit.SECONDS).tokens().length);
            BatchResult late = run(be, new BatchRequest(prompt(3, 8), SamplerConfig.greedy(), 200, List.of(), null, 0,
                    System.nanoTime() + 50_000_000L));
            assertTrue(late.reason() == BatchResult.Reason.TIMEOUT || late.tokens().length < 200);
            assertEquals(0, be.stats().running());
        }
    }

    @Test
    void fullQueueIsBusyAndHigherPriorityGoesFirst() throws Exception {
        try (BatchEngine be = new BatchEngine(engine, new BatchOptions(1, 1L << 30, 2, 32, 0, 16))) {
            BatchEngine.Ticket blocker = be.submit(req(prompt(1, 10), 1, 60), BatchListener.NONE);
            while (be.stats().running() == 0) {
                Thread.sleep(5);
            }
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            BatchEngine.Ticket low = be.submit(new BatchRequest(prompt(2, 6), SamplerConfig.greedy(), 3, List.of(),
                    null, 0, 0), done(order, "low"));
            BatchEngine.Ticket high = be.submit(new BatchRequest(prompt(3, 6), SamplerConfig.greedy(), 3, List.of(),
                    null, 5, 0), done(order, "high"));
            assertThrows(BusyException.class, () -> be.submit(req(prompt(4, 6), 1, 3), BatchListener.NONE));
            blocker.cancel();
            low.result().get(60, TimeUnit.SECONDS);
            high.result().get(60, TimeUnit.SECONDS);
            assertEquals(List.of("high", "low"), order);
            assertThrows(LlmUserError.class, () -> be.submit(req(prompt(5, 256), 1, 3), BatchListener.NONE));
        }
    }

    @Test
    void kvMemoryCapMakesRequestsWaitTheirTurn() throws Exception {
        long perToken = engine.model().newSequence(1).bytesPerToken();
        // room for one sequence of 10 prompt + 20 answer tokens, not two
        try (BatchEngine be = new BatchEngine(engine, new BatchOptions(4, 45 * perToken, 8, 32, 0, 16))) {
            int[] maxRunning = new int[1];
            BatchListener watch = new BatchListener() {
                @Override
                public void onToken(int id, String text) {
                    maxRunning[0] = Math.max(maxRunning[0], be.stats().running());
                }

                @Override
                public void onDone(BatchResult result) {
                }
            };
            List<BatchEngine.Ticket> ts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ts.add(be.submit(req(prompt(i, 10), i, 20), watch));
            }
            for (BatchEngine.Ticket t : ts) {
                BatchResult r = t.result().get(60, TimeUnit.SECONDS);
                assertTrue(r.tokens().length > 0 && r.tokens().length <= 20);
            }
            assertEquals(1, maxRunning[0], "the KV cap admits one sequence at a time");
            assertEquals(0, be.stats().kvReservedBytes());
        }
    }

    @Test
    void schemaConstrainedAnswersParse() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{\"side\":{\"enum\":[\"buy\",\"sell\"]},"
                + "\"qty\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":99}},\"required\":[\"side\",\"qty\"]}";
        TokenMasker masker = new TokenMasker(new GrammarStates(Grammar.parse(JsonSchemaGrammar.toGbnf(schema))),
                VocabTrie.of(engine.tokenizer()), 1024);
        try (BatchEngine be = new BatchEngine(engine, BatchOptions.of(4))) {
            List<BatchEngine.Ticket> ts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ts.add(be.submit(new BatchRequest(prompt(i, 12), SamplerConfig.defaults(i), 40, List.of(),
                        new GrammarConstraint(masker), 0, 0), BatchListener.NONE));
            }
            for (BatchEngine.Ticket t : ts) {
                BatchResult r = t.result().get(120, TimeUnit.SECONDS);
                var node = new ObjectMapper().readTree(r.text());
                assertTrue(node.get("qty").asInt() >= 1 && node.get("qty").asInt() <= 99, r.text());
                assertTrue(List.of("buy", "sell").contains(node.get("side").asText()), r.text());
            }
        }
    }

    private static BatchListener done(List<String> order, String name) {
        return new BatchListener() {
            @Override
            public void onToken(int id, String text) {
            }

            @Override
            public void onDone(BatchResult result) {
                order.add(name);
            }
        };
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
