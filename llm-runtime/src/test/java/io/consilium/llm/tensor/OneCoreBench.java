package io.consilium.llm.tensor;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Benchmark (not a test): one thread's matvec speed per type, GB/s of weights per second of that thread's CPU
 * time, so it is stable on a loaded machine. Quicker than {@link TensorBench} for kernel work. With copies &gt; 1
 * the quantized matrix is repeated that many times in memory (e.g. 24 copies of 1024x2816 Q4_K = 38 MB) and the
 * matvec streams the whole thing from DRAM; with 1 it stays in cache.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp llm-runtime/target/classes:llm-runtime/target/test-classes \
 *   io.consilium.llm.tensor.OneCoreBench [Q4_K,Q6_K,...] [rows=1024] [cols=2816] [copies=1] [reps=400] [tokens=1]</pre>
 * With tokens &gt; 1 it times {@link Kernels#matvecRows} (the batched decode step): GB/s of weights read once.
 */
public final class OneCoreBench {

    public static void main(String[] args) {
        String types = args.length > 0 ? args[0] : "Q8_0,Q4_0,Q4_K,Q5_K,Q6_K";
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int cols = args.length > 2 ? Integer.parseInt(args[2]) : 2816;
        int copies = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int reps = args.length > 4 ? Integer.parseInt(args[4]) : 400;
        int tokens = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (ComputePool single = new ComputePool(1); Arena arena = Arena.ofConfined()) {
            Kernels k = Kernels.vector(single);
            for (String t : types.split(",")) {
                GgmlType type = GgmlType.valueOf(t);
                byte[] q = Quantizer.quantize(type, TensorTestData.gaussian(1, rows * cols, 0.05f));
                long size = (long) q.length * copies;
                MemorySegment seg = arena.allocate(size, 64);
                for (int c = 0; c < copies; c++) {
                    MemorySegment.copy(MemorySegment.ofArray(q), 0, seg, (long) q.length * c, q.length);
                }
                WeightMatrix m = WeightMatrix.of(type, seg, rows * copies, cols);
                float[] x = TensorTestData.gaussian(2, cols * tokens, 1f);
                float[] out = new float[rows * copies * tokens];
                long best = Long.MAX_VALUE;
                long total = 0;
                for (int rep = 0; rep < reps; rep++) {
                    long c0 = mx.getCurrentThreadCpuTime();
                    if (tokens == 1) {
                        k.matvec(m, x, out);
                    } else {
                        k.matvecRows(m, x, tokens, out);
                    }
                    long dt = mx.getCurrentThreadCpuTime() - c0;
                    best = Math.min(best, dt);
                    if (rep >= reps / 2) {
                        total += dt;
                    }
                }
                long mean = total / (reps - reps / 2);
                System.out.printf(Locale.ROOT, "%-5s %dx%d x%d %s: best %6.2f GB/s, mean %6.2f GB/s per CPU-second (%.1f us)%n",
                        type, rows * copies, cols, tokens, copies > 1 ? "streaming " + size / (1 << 20) + " MB" : "cache-hot",
                        (double) size / best, (double) size / mean, best / 1e3);
            }
        }
    }
}
