package io.consilium.llm.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ComputePoolTest {

    @Test
    void everyIndexRunsExactlyOnce() {
        for (int threads = 1; threads <= 3; threads++) {
            try (ComputePool pool = new ComputePool(threads)) {
                for (int n : new int[] {0, 1, 2, 5, 97, 1000}) {
                    for (int rep = 0; rep < 50; rep++) {
                        AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
                        pool.parallelFor(n, 3, (a, b) -> {
                            for (int i = a; i < b; i++) {
                                hits.incrementAndGet(i);
                            }
                        });
                        for (int i = 0; i < n; i++) {
                            assertEquals(1, hits.get(i), "n=" + n + " i=" + i + " threads=" + threads);
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyTaskRunsExactlyOnceAsItsOwnChunk() {
        for (int threads = 1; threads <= 3; threads++) {
            try (ComputePool pool = new ComputePool(threads)) {
                for (int n : new int[] {0, 1, 2, 7, 64}) {
                    for (int rep = 0; rep < 50; rep++) {
                        AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
                        AtomicInteger nested = new AtomicInteger();
                        pool.parallelTasks(n, (a, b) -> {
                            for (int i = a; i < b; i++) {
                                hits.incrementAndGet(i);
                                // a call from inside a task runs inline
                                pool.parallelTasks(3, (c, d) -> nested.addAndGet(d - c));
                            }
                        });
                        for (int i = 0; i < n; i++) {
                            assertEquals(1, hits.get(i), "n=" + n + " i=" + i + " threads=" + threads);
                        }
                        assertEquals(3 * n, nested.get());
                    }
                }
            }
        }
    }

    @Test
    void nestedCallsRunInlineAndFailuresPropagate() {
        try (ComputePool pool = new ComputePool(2)) {
            AtomicInteger total = new AtomicInteger();
            pool.parallelFor(4, (a, b) -> {
                for (int i = a; i < b; i++) {
                    pool.parallelFor(10, (c, d) -> total.addAndGet(d - c));
                }
            });
            assertEquals(40, total.get());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.parallelFor(100, (a, b) -> {
                if (a <= 50 && 50 < b) {
                    throw new IllegalStateException("boom");
                }
            }));
            assertEquals("boom", e.getMessage());
            AtomicInteger after = new AtomicInteger();
            pool.parallelFor(100, (a, b) -> after.addAndGet(b - a));
            assertEquals(100, after.get());
        }
    }

    @Test
    void concurrentCallersShareThePool() throws InterruptedException {
        try (ComputePool pool = new ComputePool(2)) {
            AtomicInteger total = new AtomicInteger();
            Thread[] callers = new Thread[3];
            for (int t = 0; t < callers.length; t++) {
                callers[t] = new Thread(() -> {
                    for (int rep = 0; rep < 200; rep++) {
                        pool.parallelFor(64, (a, b) -> total.addAndGet(b - a));
                    }
                });
                callers[t].start();
            }
            for (Thread t : callers) {
                t.join();
            }
            assertEquals(3 * 200 * 64, total.get());
        }
    }
}
