package io.consilium.llm.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures streaming read bandwidth over a buffer far larger than the last-level cache, the ceiling for
 * memory-bound decode. Uses one reader per thread of a fresh pool over disjoint halves of the buffer. The best of
 * {@link #PASSES} passes (~10 ms each) is the machine's limit: on a shared host one pass varies by ±30% with the
 * neighbours' traffic, and the best of five passes gave 23-45 GB/s from one run to the next where the best of
 * forty stays within 30-32 GB/s.
 */
public final class MemoryBandwidth {

    private static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;
    private static final long BUFFER_BYTES = 256L << 20;
    private static final int PASSES = 40;
    private static volatile long sink;

    private MemoryBandwidth() {
    }

    /** Read GB/s (1e9 bytes) with as many threads as there are cores. */
    public static double measureReadGBps() {
        return measureReadGBps(Runtime.getRuntime().availableProcessors());
    }

    public static double measureReadGBps(int threads) {
        try (Arena arena = Arena.ofShared(); ComputePool pool = new ComputePool(threads)) {
            MemorySegment buf = arena.allocate(BUFFER_BYTES, 64);
            buf.fill((byte) 1);
            int chunks = threads * 64;
            long chunk = BUFFER_BYTES / chunks;
            double best = 0;
            for (int pass = 0; pass < PASSES; pass++) {
                long[] sums = new long[chunks];
                long t0 = System.nanoTime();
                pool.parallelFor(chunks, (c0, c1) -> {
                    for (int c = c0; c < c1; c++) {
                        sums[c] = sum(buf, c * chunk, chunk);
                    }
                });
                long dt = System.nanoTime() - t0;
                long s = 0;
                for (long v : sums) {
                    s += v;
                }
                sink += s;
                if (pass > 0) {
                    best = Math.max(best, BUFFER_BYTES / (double) dt);
                }
            }
            return best;
        }
    }

    private static long sum(MemorySegment seg, long off, long len) {
        int step = LS.vectorByteSize();
        LongVector a0 = LongVector.zero(LS);
        LongVector a1 = a0;
        long end = off + len - 2L * step;
        long i = off;
        for (; i <= end; i += 2L * step) {
            a0 = a0.add(LongVector.fromMemorySegment(LS, seg, i, ByteOrder.LITTLE_ENDIAN));
            a1 = a1.add(LongVector.fromMemorySegment(LS, seg, i + step, ByteOrder.LITTLE_ENDIAN));
        }
        return a0.add(a1).reduceLanes(VectorOperators.ADD);
    }
}
