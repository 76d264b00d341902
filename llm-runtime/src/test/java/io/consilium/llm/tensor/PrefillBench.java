package io.consilium.llm.tensor;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Benchmark (not a test): one thread's {@link Kernels#matmul} (the prompt path) per type, in GFLOP/s per second of
 * that thread's CPU time, so it is stable on a loaded machine.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp llm-runtime/target/classes:llm-runtime/target/test-classes \
 *   io.consilium.llm.tensor.PrefillBench [Q8_0,Q4_K,Q6_K] [rows=512] [cols=1024] [tokens=16] [reps=300]</pre>
 */
public final class PrefillBench {

    public static void main(String[] args) {
        String types = args.length > 0 ? args[0] : "Q8_0,Q4_K,Q6_K";
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int cols = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        int tokens = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        int reps = args.length > 4 ? Integer.parseInt(args[4]) : 300;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (ComputePool single = new ComputePool(1); Arena arena = Arena.ofConfined()) {
            Kernels k = Kernels.vector(single);
            for (String t : types.split(",")) {
                GgmlType type = GgmlType.valueOf(t);
                byte[] q = Quantizer.quantize(type, TensorTestData.gaussian(1, rows * cols, 0.05f));
                MemorySegment seg = arena.allocate(q.length, 64);
                MemorySegment.copy(MemorySegment.ofArray(q), 0, seg, 0, q.length);
                WeightMatrix m = WeightMatrix.of(type, seg, rows, cols);
                float[] x = TensorTestData.gaussian(2, cols * tokens, 1f);
                float[] out = new float[rows * tokens];
                long best = Long.MAX_VALUE;
                long total = 0;
                for (int rep = 0; rep < reps; rep++) {
                    long c0 = mx.getCurrentThreadCpuTime();
                    k.matmul(m, x, tokens, out);
                    long dt = mx.getCurrentThreadCpuTime() - c0;
                    best = Math.min(best, dt);
                    if (rep >= reps / 2) {
                        total += dt;
                    }
                }
                long mean = total / (reps - reps / 2);
                double flop = 2.0 * rows * cols * tokens;
                System.out.printf(Locale.ROOT, "%-5s %dx%d n=%d: best %6.1f GFLOP/s, mean %6.1f per CPU-second (%.1f us)%n",
                        type, rows, cols, tokens, flop / best, flop / mean, best / 1e3);
            }
        }
    }
}
