package io.consilium.llm.tensor;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Benchmark (not a test): one thread's cache-hot matvec speed per type, GB/s of weights per second of that
 * thread's CPU time, so it is stable on a loaded machine. Quicker than {@link TensorBench} for kernel work.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp llm-runtime/target/classes:llm-runtime/target/test-classes \
 *   io.consilium.llm.tensor.OneCoreBench [Q4_K,Q6_K,...] [rows=1024] [cols=2816]</pre>
 */
public final class OneCoreBench {

    public static void main(String[] args) {
        String types = args.length > 0 ? args[0] : "Q8_0,Q4_0,Q4_K,Q5_K,Q6_K";
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int cols = args.length > 2 ? Integer.parseInt(args[2]) : 2816;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (ComputePool single = new ComputePool(1); Arena arena = Arena.ofConfined()) {
            Kernels k = Kernels.vector(single);
            for (String t : types.split(",")) {
                GgmlType type = GgmlType.valueOf(t);
                byte[] q = Quantizer.quantize(type, TensorTestData.gaussian(1, rows * cols, 0.05f));
                MemorySegment seg = arena.allocate(q.length, 64);
                MemorySegment.copy(MemorySegment.ofArray(q), 0, seg, 0, q.length);
                WeightMatrix m = WeightMatrix.of(type, seg, rows, cols);
                float[] x = TensorTestData.gaussian(2, cols, 1f);
                float[] out = new float[rows];
                long best = Long.MAX_VALUE;
                for (int rep = 0; rep < 400; rep++) {
                    long c0 = mx.getCurrentThreadCpuTime();
                    k.matvec(m, x, out);
                    best = Math.min(best, mx.getCurrentThreadCpuTime() - c0);
                }
                System.out.printf(Locale.ROOT, "%-5s %dx%d one-core hot: %6.2f GB/s  (%.1f us)%n", type, rows, cols,
                        (double) q.length / best, best / 1e3);
            }
        }
    }
}
