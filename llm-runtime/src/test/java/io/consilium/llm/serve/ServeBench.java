package io.consilium.llm.serve;

import io.consilium.llm.engine.BatchEngine;
import io.consilium.llm.engine.BatchListener;
import io.consilium.llm.engine.BatchOptions;
import io.consilium.llm.engine.BatchRequest;
import io.consilium.llm.engine.BatchResult;
import io.consilium.llm.engine.EngineOptions;
import io.consilium.llm.engine.LlmEngine;
import io.consilium.llm.grammar.Grammar;
import io.consilium.llm.grammar.GrammarConstraint;
import io.consilium.llm.grammar.GrammarStates;
import io.consilium.llm.grammar.JsonSchemaGrammar;
import io.consilium.llm.grammar.TokenMasker;
import io.consilium.llm.grammar.VocabTrie;
import io.consilium.llm.model.synth.SynthShape;
import io.consilium.llm.model.synth.SynthWriter;
import io.consilium.llm.sample.SamplerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Serving benchmark (prints, asserts nothing): aggregate generated tokens/s with 1, 4 and 8 concurrent streams of
 * 128 tokens; time to first token for a 1,000-token shared system prompt, cold and with a prefix-cache hit; and the
 * grammar mask's cost per token. Default model: qwen2moe-bench Q8_0 (made once under target/), 2 threads.
 * <pre>java ... io.consilium.llm.serve.ServeBench [model.gguf] [threads] [all|streams|grammar]</pre>
 */
public final class ServeBench {
    private static final String SCHEMA = """
            {"type":"object","properties":{"action":{"enum":["buy","sell","hold"]},
             "amount":{"type":"integer","minimum":0,"maximum":100000},"reason":{"type":"string","maxLength":200},
             "legs":{"type":"array","items":{"type":"object","properties":{"pool":{"type":"string"},
             "share":{"type":"number"}},"required":["pool","share"]},"maxItems":4}},
             "required":["action","amount","reason","legs"]}""";

    public static void main(String[] args) throws Exception {
        Path model = args.length > 0 ? Path.of(args[0]) : Path.of("target", "bench", "qwen2moe-bench-Q8_0.gguf");
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        if (!Files.exists(model)) {
            Files.createDirectories(model.getParent());
            System.out.println("writing " + model + " ...");
            SynthWriter.write(SynthShape.of("qwen2moe", "bench"), "Q8_0", 1, model);
        }
        try (LlmEngine engine = LlmEngine.load(model, new EngineOptions(threads, 4096))) {
            System.out.printf("model %s, %d threads, load average %.1f%n", model.getFileName(), engine.threads(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            String only = args.length > 2 ? args[2] : "all";
            if (only.equals("grammar")) {
                grammar(engine);
                return;
            }
            try (BatchEngine be = new BatchEngine(engine, new BatchOptions(8, 4L << 30, 64, 128, 0, 16))) {
                streams(be, 2, 16); // warm-up
                double one = 0;
                double oneCpu = 0;
                for (int n : only.equals("streams") ? new int[] {1, 4, 8} : new int[] {1, 4, 8}) {
                    long cpu0 = processCpu();
                    double[] r = streams(be, n, 128);
                    // tokens per CPU-second the process got, times the threads: the speed on cores of its own
                    double perCpu = r[2] / ((processCpu() - cpu0) / 1e9 / engine.threads());
                    if (n == 1) {
                        one = r[0];
                        oneCpu = perCpu;
                    }
                    System.out.printf("streams %d x 128 tokens: aggregate %.1f tok/s (decode-only %.1f tok/s), "
                            + "%.2f x single stream; %.1f tok/s per CPU time received (%.2f x), load %.1f%n", n, r[0],
                            r[1], r[0] / one, perCpu, perCpu / oneCpu,
                            java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                }
            }
            if (only.equals("streams")) {
                return;
            }
            ttft(engine, true);
            ttft(engine, false);
            grammar(engine);
        }
    }

    /** Returns {aggregate tok/s over the whole run, decode tok/s after every stream's first token}. */
    static double[] streams(BatchEngine be, int n, int tokens) throws Exception {
        List<BatchEngine.Ticket> tickets = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            tickets.add(be.submit(new BatchRequest(prompt(1000 + i, 8), SamplerConfig.defaults(i), tokens, List.of(),
                    null, 0, 0), BatchListener.NONE));
        }
        long total = 0;
        long lastFirst = 0;
        for (BatchEngine.Ticket t : tickets) {
            BatchResult r = t.result().get(30, TimeUnit.MINUTES);
            total += r.tokens().length;
            lastFirst = Math.max(lastFirst, r.firstTokenNanos());
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double decodeSecs = secs - lastFirst / 1e9;
        return new double[] {total / secs, (total - n) / decodeSecs, total};
    }

    static void ttft(LlmEngine engine, boolean invariant) throws Exception {
        int[] system = prompt(invariant ? 7 : 8, 1000);
        try (BatchEngine be = new BatchEngine(engine, new BatchOptions(4, 4L << 30, 64, 256, 256L << 20, 16,
                invariant))) {
            be.submit(req(concat(prompt(3, 40), prompt(4, 8))), BatchListener.NONE).result().get(); // warm-up
            BatchResult cold = be.submit(req(concat(system, prompt(11, 20))), BatchListener.NONE).result().get();
            BatchResult hit = be.submit(req(concat(system, prompt(12, 24))), BatchListener.NONE).result().get();
            System.out.printf("TTFT (%s), 1,000-token shared system prompt + user turn: cold %.1f ms, prefix hit "
                            + "%.1f ms (%d tokens reused), %.1fx faster%n",
                    invariant ? "batch-invariant prefill" : "--fast-prefill", cold.firstTokenNanos() / 1e6,
                    hit.firstTokenNanos() / 1e6, hit.cachedPromptTokens(),
                    (double) cold.firstTokenNanos() / hit.firstTokenNanos());
        }
    }

    static void grammar(LlmEngine engine) throws Exception {
        VocabTrie trie = VocabTrie.of(engine.tokenizer());
        TokenMasker masker = new TokenMasker(new GrammarStates(Grammar.parse(JsonSchemaGrammar.toGbnf(SCHEMA))), trie,
                4096);
        try (BatchEngine be = new BatchEngine(engine, new BatchOptions(1, 4L << 30, 64, 128, 0, 16))) {
            long cpu0 = processCpu();
            BatchResult free = be.submit(new BatchRequest(prompt(5, 16), SamplerConfig.defaults(5), 128, List.of(),
                    null, 0, 0), BatchListener.NONE).result().get();
            double stepCpu = (processCpu() - cpu0) / 1e3 / free.tokens().length;
            double step = (free.totalNanos() - free.firstTokenNanos()) / 1e3 / Math.max(1, free.tokens().length - 1);
            long t0 = System.nanoTime();
            BatchResult cons = be.submit(new BatchRequest(prompt(6, 16), SamplerConfig.defaults(6), 128, List.of(),
                    new GrammarConstraint(masker), 0, 0), BatchListener.NONE).result().get();
            long wall = System.nanoTime() - t0;
            // replay the answer through the same (warm) masker and a fresh (cold) one, timing only the mask work
            double[] warm = replay(masker, cons.tokens(), engine.tokenizer().vocabSize());
            TokenMasker fresh = new TokenMasker(new GrammarStates(Grammar.parse(JsonSchemaGrammar.toGbnf(SCHEMA))),
                    trie, 4096);
            long s0 = System.nanoTime();
            new GrammarConstraint(fresh).apply(new float[engine.tokenizer().vocabSize()], 128);
            System.out.printf("  first mask of a new grammar (one-off set-up included): %.1f ms%n",
                    (System.nanoTime() - s0) / 1e6);
            double[] cold = replay(fresh, cons.tokens(), engine.tokenizer().vocabSize());
            long[] st = masker.stats();
            System.out.printf("constrained decoding: %d tokens of schema JSON in %.0f ms; mask cost %.1f us/token warm "
                            + "(cached states), %.1f us/token cold (first sight of every state); unconstrained "
                            + "decode step %.0f us -> overhead %.2f%% warm, %.2f%% cold; masker states walked %d, hits %d%n",
                    cons.tokens().length, wall / 1e6, warm[0], cold[0], step, 100 * warm[0] / step,
                    100 * cold[0] / step, st[0], st[1]);
            System.out.printf("  CPU time: mask %.1f us/token warm, %.1f us/token cold; unconstrained decode %.0f "
                            + "CPU-us/token over %d threads (%.0f us per thread) -> cold mask = %.2f%% of a step's "
                            + "per-thread CPU; slowest cold token %.0f us = %.2f%%%n", warm[1], cold[1], stepCpu,
                    engine.threads(), stepCpu / engine.threads(), 100 * cold[1] / (stepCpu / engine.threads()),
                    cold[2], 100 * cold[2] / (stepCpu / engine.threads()));
            System.out.println("  answer: " + cons.text());
        }
    }

    /** Returns {wall us/token, thread CPU us/token, max thread CPU us of one token} of the mask work alone. */
    private static double[] replay(TokenMasker masker, int[] tokens, int vocab) {
        GrammarConstraint c = new GrammarConstraint(masker);
        float[] logits = new float[vocab];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t = 0;
        long cpu = 0;
        long max = 0;
        for (int i = 0; i < tokens.length; i++) {
            long a = System.nanoTime();
            long ca = mx.getCurrentThreadCpuTime();
            c.apply(logits, 128 - i);
            c.accept(tokens[i]);
            long used = mx.getCurrentThreadCpuTime() - ca;
            cpu += used;
            max = Math.max(max, used);
            t += System.nanoTime() - a;
        }
        int n = Math.max(1, tokens.length);
        return new double[] {t / 1e3 / n, cpu / 1e3 / n, max / 1e3};
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static BatchRequest req(int[] prompt) {
        return new BatchRequest(prompt, SamplerConfig.defaults(1), 1, List.of(), null, 0, 0);
    }

    static int[] prompt(int seed, int n) {
        int[] p = new int[n];
        p[0] = 1;
        for (int i = 1; i < n; i++) {
            p[i] = 3 + (int) ((seed * 7919L + i * 104729L) % 31000);
        }
        return p;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 1, c, a.length, b.length - 1);
        return java.util.Arrays.copyOf(c, a.length + b.length - 1);
    }
}
