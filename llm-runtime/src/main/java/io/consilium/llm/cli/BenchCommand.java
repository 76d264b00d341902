package io.consilium.llm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consilium.llm.engine.EngineOptions;
import io.consilium.llm.engine.LlmEngine;
import io.consilium.llm.model.TransformerModel;
import io.consilium.llm.model.block.SequenceState;
import io.consilium.llm.tensor.MemoryBandwidth;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `consilium llm bench`: prefill and decode speed, the weight bytes one decoded token reads, the machine's
 * measured read bandwidth and the decode ceiling it implies.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure prefill and decode tokens/s against the memory-bandwidth ceiling.")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "the .gguf file")
    Path model;

    @Option(names = "-p", defaultValue = "128", description = "prompt tokens for the prefill test")
    int prompt;

    @Option(names = "-n", defaultValue = "64", description = "tokens to decode")
    int decode;

    @Option(names = {"-t", "--threads"}, defaultValue = "0", description = "compute threads (0 = all cores)")
    int threads;

    @Option(names = "-r", defaultValue = "3", description = "repeats")
    int repeats;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (LlmEngine engine = LlmEngine.load(model, new EngineOptions(threads, prompt + decode + 1))) {
            engine.warmUp();
            TransformerModel m = engine.model();
            int vocab = engine.config().vocabSize();
            int[] tokens = new int[prompt];
            SplittableRandom rnd = new SplittableRandom(42);
            for (int i = 0; i < prompt; i++) {
                tokens[i] = 3 + rnd.nextInt(vocab - 3);
            }
            warmUp(engine, m, tokens, decode);
            double[] pre = new double[repeats];
            double[] dec = new double[repeats];
            double[] decCpu = new double[repeats];
            double[] preCpu = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                double[] res = new double[4];
                runOnce(engine, m, tokens, decode, res);
                pre[r] = res[0];
                dec[r] = res[1];
                decCpu[r] = res[2];
                preCpu[r] = res[3];
            }
            long rssAnon = rssAnonBytes(); // before the bandwidth probe, whose 256 MB buffer is not the model's
            long bytes = m.weightBytesPerToken();
            double bw = MemoryBandwidth.measureReadGBps();
            double ceiling = bw * 1e9 / bytes;
            double decMean = mean(dec);
            if (json) {
                ObjectNode o = new ObjectMapper().createObjectNode();
                o.put("model", model.toString());
                o.put("threads", engine.threads());
                o.put("prompt_tokens", prompt);
                o.put("decode_tokens", decode);
                o.put("repeats", repeats);
                o.put("prefill_tps", mean(pre));
                o.put("prefill_tps_sd", sd(pre));
                o.put("decode_tps", decMean);
                o.put("decode_tps_sd", sd(dec));
                o.put("decode_tps_cpu_normalised", mean(decCpu));
                o.put("prefill_tps_cpu_normalised", mean(preCpu));
                o.put("load_average", loadAverage());
                o.put("bytes_per_token", bytes);
                o.put("bandwidth_gbps", bw);
                o.put("ceiling_tps", ceiling);
                o.put("percent_of_ceiling", 100 * decMean / ceiling);
                o.put("kv_bytes_per_token", engine.config().kvBytesPerToken());
                o.put("rss_anon_bytes", rssAnon);
                out.println(o);
            } else {
                out.printf("model            %s (%s, %d threads)%n", model, engine.config().architecture(),
                        engine.threads());
                out.printf("prefill          %.1f ± %.1f tok/s (%d-token prompt, %d repeats); %.1f tok/s per CPU time"
                        + " received%n", mean(pre), sd(pre), prompt, repeats, mean(preCpu));
                out.printf("decode           %.1f ± %.1f tok/s (%d tokens); %.1f tok/s per CPU time received%n",
                        decMean, sd(dec), decode, mean(decCpu));
                out.printf("weights/token    %.2f MB read per decoded token%n", bytes / 1e6);
                out.printf("read bandwidth   %.1f GB/s measured%n", bw);
                out.printf("decode ceiling   %.1f tok/s; reached %.0f%%%n", ceiling, 100 * decMean / ceiling);
                out.printf("KV cache         %,d bytes/token%n", engine.config().kvBytesPerToken());
                out.printf("resident (anon)  %.1f MB beyond the mapped file%n", rssAnon / 1e6);
                out.printf("load average     %.1f (machine shared: figures scale with it)%n", loadAverage());
            }
        }
        return 0;
    }

    private static final long WARM_UP_MILLIS = 10_000;

    /**
     * Full-length runs until the JIT has compiled the kernels: at least two, and then until decode speed stops
     * rising (within 5% of the run before) or {@link #WARM_UP_MILLIS} have passed. On two cores C2 competes with the
     * compute threads, and the few tokens of a short prompt left kernels interpreted into the measured runs (decode
     * after a 1-token prompt measured 106-111 tok/s, then 160+ once compiled). llama-bench warms up with a run too.
     */
    private static void warmUp(LlmEngine engine, TransformerModel m, int[] prompt, int decode) {
        long start = System.nanoTime();
        double last = 0;
        for (int run = 0; ; run++) {
            double[] res = new double[4];
            runOnce(engine, m, prompt, decode, res);
            boolean settled = run >= 1 && (decode == 0 || res[1] < last * 1.05);
            if (settled || (System.nanoTime() - start) / 1_000_000 > WARM_UP_MILLIS) {
                return;
            }
            last = res[1];
        }
    }

    /**
     * res[0] = prefill tok/s, res[1] = decode tok/s (greedy), res[2] = decode tok/s per CPU-second the process got
     * times the thread count: the speed the run would have had on cores of its own (a shared machine steals time).
     */
    private static void runOnce(LlmEngine engine, TransformerModel m, int[] prompt, int n, double[] res) {
        SequenceState seq = m.newSequence(engine.contextLength());
        long cpuP = processCpuNanos();
        long t0 = System.nanoTime();
        float[] logits = engine.prefill(seq, prompt);
        long t1 = System.nanoTime();
        long cpu0 = processCpuNanos();
        int[] one = new int[1];
        for (int i = 0; i < n; i++) {
            one[0] = argmax(logits);
            logits = m.forward(engine.compute(), seq, one, 0, 1, false);
        }
        long t2 = System.nanoTime();
        long cpu1 = processCpuNanos();
        res[0] = prompt.length / ((t1 - t0) / 1e9);
        res[1] = n / ((t2 - t1) / 1e9);
        res[2] = cpu0 < 0 ? 0 : n / ((cpu1 - cpu0) / 1e9 / engine.threads());
        res[3] = cpu0 < 0 ? 0 : prompt.length / ((cpu0 - cpuP) / 1e9 / engine.threads());
    }

    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double sd(double[] x) {
        if (x.length < 2) {
            return 0;
        }
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (x.length - 1));
    }

    /** Anonymous resident memory (heap, stacks, code) — excludes the file-backed pages of the mapped model. */
    static long rssAnonBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("RssAnon:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
