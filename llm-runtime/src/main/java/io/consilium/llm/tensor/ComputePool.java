package io.consilium.llm.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one place inference work runs in parallel: a fixed set of daemon worker threads plus the calling
 * thread split a range into chunks and take them dynamically (so a worker slowed by another process does
 * not hold the others up). Dispatch is tuned for many short jobs (one per matrix-vector product): idle
 * workers spin briefly before parking. A call from inside a job, or while another thread owns the pool,
 * waits or runs inline so nesting can never deadlock.
 */
public final class ComputePool implements AutoCloseable {

    /** Spin iterations before an idle worker parks; ~tens of microseconds, enough to bridge back-to-back matvecs. */
    private static final int SPIN_LIMIT = 20_000;

    private final int threads;
    private final Worker[] workers;
    private final ReentrantLock submit = new ReentrantLock();
    private volatile Job job;
    private volatile boolean closed;

    public ComputePool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a compute pool needs at least 1 thread, got " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    public static ComputePool ofAvailableCores() {
        return new ComputePool(Runtime.getRuntime().availableProcessors());
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code body} over {@code [0, n)} split into chunks on the workers and the caller; returns when all are done. */
    public void parallelFor(int n, IntRangeBody body) {
        parallelFor(n, 1, body);
    }

    /** As {@link #parallelFor(int, IntRangeBody)}, with chunk boundaries on multiples of {@code grain}. */
    public void parallelFor(int n, int grain, IntRangeBody body) {
        if (n <= 0) {
            return;
        }
        int units = (n + grain - 1) / grain;
        run(n, grain, units, Math.min(units, threads * 4), body);
    }

    /**
     * Runs tasks {@code [0, n)} with every task its own chunk ({@code body.run(i, i + 1)}), taken dynamically by the
     * workers and the caller: for work the caller has already cut into pieces of similar cost.
     */
    public void parallelTasks(int n, IntRangeBody body) {
        if (n <= 0) {
            return;
        }
        run(n, 1, n, n, body);
    }

    private void run(int n, int grain, int units, int chunks, IntRangeBody body) {
        if (closed) {
            throw new IllegalStateException("compute pool is closed");
        }
        if (threads == 1 || units == 1 || Thread.currentThread() instanceof Worker || submit.isHeldByCurrentThread()) {
            body.run(0, n);
            return;
        }
        submit.lock();
        try {
            Job j = new Job(n, grain, units, chunks, body, Thread.currentThread());
            job = j;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
            j.work();
            j.awaitDone();
            job = null;
            if (j.failure != null) {
                if (j.failure instanceof RuntimeException re) {
                    throw re;
                }
                if (j.failure instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(j.failure);
            }
        } finally {
            submit.unlock();
        }
    }

    /** CPU time used so far by the worker threads (not the callers), for benchmarks that run on a shared machine. */
    long workerCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Worker w : workers) {
            sum += Math.max(0, mx.getThreadCpuTime(w.threadId()));
        }
        return sum;
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    private static final class Job {
        final int n;
        final int grain;
        final int units;
        final int chunks;
        final IntRangeBody body;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(int n, int grain, int units, int chunks, IntRangeBody body, Thread caller) {
            this.n = n;
            this.grain = grain;
            this.units = units;
            this.chunks = chunks;
            this.body = body;
            this.caller = caller;
        }

        void work() {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                long u0 = (long) units * c / chunks;
                long u1 = (long) units * (c + 1) / chunks;
                int start = (int) Math.min(n, u0 * grain);
                int end = (int) Math.min(n, u1 * grain);
                try {
                    if (start < end && failure == null) {
                        body.run(start, end);
                    }
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    if (done.incrementAndGet() == chunks) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        void awaitDone() {
            int spins = 0;
            while (done.get() < chunks) {
                if (++spins < SPIN_LIMIT) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        }
    }

    final class Worker extends Thread {
        /** See {@link TypeKernel#blockScratch()}. */
        final float[] blockScratch = new float[128];

        Worker(int index) {
            super("consilium-compute-" + index);
            setDaemon(true);
        }

        @Override
        public void run() {
            Job last = null;
            int spins = 0;
            while (!closed) {
                Job j = job;
                if (j != null && j != last) {
                    last = j;
                    j.work();
                    spins = 0;
                } else if (++spins < SPIN_LIMIT) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(ComputePool.this);
                }
            }
        }
    }
}
