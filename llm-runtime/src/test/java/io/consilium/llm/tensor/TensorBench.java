package io.consilium.llm.tensor;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark (not a test): matvec GB/s and matmul GFLOP/s per weight type against the machine's read
 * bandwidth. Matvec cycles over enough copies of the matrix (256 MB) that weights stream from DRAM as in
 * real decode; "hot" repeats one matrix that stays in the last-level cache.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp llm-runtime/target/classes:llm-runtime/target/test-classes \
 *   io.consilium.llm.tensor.TensorBench [threads=2] [rows=1024] [cols=2816] [types=Q8_0,Q4_K,...] [n=128]</pre>
 */
public final class TensorBench {

    private static final long STREAM_BYTES = 256L << 20;

    public static void main(String[] args) {
        int threads = 2;
        int rows = 1024;
        int cols = 2816;
        int n = 128;
        List<GgmlType> types = new ArrayList<>(List.of(TensorTestData.TYPES));
        boolean scalar = false;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "threads" -> threads = Integer.parseInt(kv[1]);
                case "rows" -> rows = Integer.parseInt(kv[1]);
                case "cols" -> cols = Integer.parseInt(kv[1]);
                case "n" -> n = Integer.parseInt(kv[1]);
                case "scalar" -> scalar = Boolean.parseBoolean(kv[1]);
                case "types" -> {
                    types.clear();
                    for (String t : kv[1].split(",")) {
                        types.add(GgmlType.valueOf(t));
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        double bw = MemoryBandwidth.measureReadGBps(threads);
        System.out.printf(Locale.ROOT, "memory read bandwidth, %d threads: %.1f GB/s (vector lanes %d; load average %.1f)%n",
                threads, bw, Simd.L, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("matvec streams " + (STREAM_BYTES >> 20) + " MB of copies (DRAM-bound); 'cpu' columns divide by the CPU time"
                + " this process actually got, i.e. the rate while running");
        System.out.println("'1-core' = one thread, matrix hot in cache, bytes per second of that thread's CPU time: the kernel's"
                + " own speed, unaffected by other processes");
        System.out.printf(Locale.ROOT, "%-5s %5dx%-5d %9s %9s %7s %10s %6s  %9s %11s  %11s %9s %9s%n", "type", rows, cols, "matvec", "GB/s",
                "%bw", "cpu GB/s", "share", "hot GB/s", "1-core GB/s", "matmul n=" + n, "GFLOP/s", "cpu GF/s");
        try (ComputePool pool = new ComputePool(threads)) {
            current = pool;
            Kernels k = scalar ? Kernels.scalar(pool) : Kernels.vector(pool);
            for (GgmlType type : types) {
                bench(k, type, rows, cols, n, bw);
            }
        }
    }

    private static ComputePool current;

    /** CPU time of the benchmark's threads (the pool's workers plus this caller), nanosecond-precise. */
    private static long cpuNanos() {
        long own = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        return own + (current == null ? 0 : current.workerCpuNanos());
    }

    /** GB/s of one thread's CPU time for a cache-hot matvec. */
    private static double oneCore(WeightMatrix m, float[] x) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        float[] out = new float[m.rows()];
        double best = Double.MAX_VALUE;
        try (ComputePool single = new ComputePool(1)) {
            Kernels k = Kernels.vector(single);
            for (int rep = 0; rep < 60; rep++) {
                long c0 = mx.getCurrentThreadCpuTime();
                k.matvec(m, x, out);
                best = Math.min(best, mx.getCurrentThreadCpuTime() - c0);
            }
        }
        return m.byteSize() / best;
    }

    private static void bench(Kernels k, GgmlType type, int rows, int cols, int n, double bw) {
        float[] w = TensorTestData.gaussian(1, rows * cols, 0.05f);
        byte[] q = Quantizer.quantize(type, w);
        int copies = (int) Math.max(1, STREAM_BYTES / q.length);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment all = arena.allocate((long) q.length * copies, 64);
            WeightMatrix[] ms = new WeightMatrix[copies];
            for (int c = 0; c < copies; c++) {
                MemorySegment s = all.asSlice((long) q.length * c, q.length);
                MemorySegment.copy(MemorySegment.ofArray(q), 0, s, 0, q.length);
                ms[c] = WeightMatrix.of(type, s, rows, cols);
            }
            float[] x = TensorTestData.gaussian(2, n * cols, 1f);
            float[] out = new float[n * rows];
            // warm up the JIT, then stream over all copies a few times
            for (int i = 0; i < 3 * copies; i++) {
                k.matvec(ms[i % copies], x, out);
            }
            double best = Double.MAX_VALUE;
            double bestCpu = Double.MAX_VALUE;
            double share = 0;
            int threads = k.pool().threads();
            for (int rep = 0; rep < 5; rep++) {
                long c0 = cpuNanos();
                long t0 = System.nanoTime();
                for (WeightMatrix m : ms) {
                    k.matvec(m, x, out);
                }
                long wall = System.nanoTime() - t0;
                long cpu = cpuNanos() - c0;
                if (wall < best * copies) {
                    best = wall / (double) copies;
                    share = cpu / (double) wall / threads;
                }
                bestCpu = Math.min(bestCpu, cpu / (double) threads / copies);
            }
            double gbps = q.length / best;
            double hot = Double.MAX_VALUE;
            for (int rep = 0; rep < 200; rep++) {
                long t0 = System.nanoTime();
                k.matvec(ms[0], x, out);
                hot = Math.min(hot, System.nanoTime() - t0);
            }
            k.matmul(ms[0], x, n, out);
            double mm = Double.MAX_VALUE;
            double mmCpu = Double.MAX_VALUE;
            for (int rep = 0; rep < 3; rep++) {
                long c0 = cpuNanos();
                long t0 = System.nanoTime();
                k.matmul(ms[rep % copies], x, n, out);
                mm = Math.min(mm, System.nanoTime() - t0);
                mmCpu = Math.min(mmCpu, (cpuNanos() - c0) / (double) threads);
            }
            double flop = 2.0 * rows * cols * n;
            double core = oneCore(ms[0], x);
            System.out.printf(Locale.ROOT, "%-5s %11s %7.1f us %9.2f %6.0f%% %10.2f %5.0f%%  %9.2f %11.2f  %8.2f ms %9.1f %9.1f%n",
                    type, "", best / 1e3, gbps, 100 * gbps / bw, q.length / bestCpu, 100 * share, q.length / hot, core, mm / 1e6,
                    flop / mm, flop / mmCpu);
        }
    }
}
