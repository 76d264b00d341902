package io.consilium.llm.engine;

import io.consilium.llm.LlmUserError;
import io.consilium.llm.model.TransformerModel;
import io.consilium.llm.model.block.Compute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous batching over one {@link LlmEngine}'s model: a scheduler thread runs steps in which every running
 * sequence advances together ({@link TransformerModel#forwardBatch}: one weight read per step for all of them).
 * Sequences still reading their prompt take part with a chunk of it, so new requests join between steps without
 * stalling the others; finished, cancelled and timed-out sequences leave at the next step. Waiting requests are
 * admitted by priority while the sequence and KV-memory caps allow; past the queue limit, {@link #submit} refuses
 * with {@link BusyException}. Products are computed row-wise, so a sequence's tokens do not depend on what else
 * shares its steps (the same request with the same seed gives the same answer alone or in a crowd).
 */
public final class BatchEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchEngine.class);

    /** A submitted request; cancel it to free its sequence at the next step. */
    public static final class Ticket {
        private final CompletableFuture<BatchResult> result = new CompletableFuture<>();
        volatile boolean cancelled;

        public void cancel() {
            cancelled = true;
        }

        public CompletableFuture<BatchResult> result() {
            return result;
        }
    }

    /** Counters for /health and benchmarks. */
    public record Stats(int running, int waiting, long completed, long prefixHits, long prefixMisses,
                        int prefixEntries, long prefixBytes, long steps, long kvReservedBytes) {
    }

    private final LlmEngine engine;
    private final TransformerModel model;
    private final Compute compute;
    private final BatchOptions options;
    private final PrefixCache prefixes;
    private final long kvPerToken;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final PriorityQueue<BatchSequence> queue = new PriorityQueue<>(
            Comparator.comparingInt((BatchSequence s) -> -s.request.priority()).thenComparingLong(s -> s.serial));
    private final List<BatchSequence> running = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closed;
    private long serial;
    private long kvReserved;
    private long completed;
    private long steps;

    public BatchEngine(LlmEngine engine, BatchOptions options) {
        this.engine = engine;
        this.model = engine.model();
        this.compute = new Compute(engine.compute().kernels(), engine.compute().pool(), options.batchInvariant());
        this.options = options;
        this.prefixes = new PrefixCache(options.prefixCacheBytes(), options.minPrefixTokens());
        this.kvPerToken = model.newSequence(1).bytesPerToken();
        this.thread = Thread.ofPlatform().name("llm-batch").daemon(true).start(this::loop);
    }

    public LlmEngine engine() {
        return engine;
    }

    public BatchOptions options() {
        return options;
    }

    /**
     * Queues a request. Throws {@link LlmUserError} when the prompt does not fit the context, {@link BusyException}
     * when the queue is full.
     */
    public Ticket submit(BatchRequest req, BatchListener listener) {
        int ctx = engine.contextLength();
        if (req.promptTokens().length >= ctx) {
            throw new LlmUserError("the prompt has " + req.promptTokens().length + " tokens but the context holds "
                    + ctx + "; shorten it or start the server with a larger --ctx");
        }
        for (int t : req.promptTokens()) {
            if (t < 0 || t >= engine.tokenizer().vocabSize()) {
                throw new LlmUserError("prompt token id " + t + " is outside the vocabulary (0.."
                        + (engine.tokenizer().vocabSize() - 1) + ")");
            }
        }
        Ticket ticket = new Ticket();
        lock.lock();
        try {
            if (closed) {
                throw new BusyException("the engine is shutting down");
            }
            boolean startsNow = queue.isEmpty() && running.size() < options.maxSequences();
            if (queue.size() >= options.queueLimit() && !startsNow) {
                throw new BusyException("server busy: " + running.size() + " sequences running and "
                        + queue.size() + " waiting (limit " + options.queueLimit() + "); retry later");
            }
            BatchSequence s = new BatchSequence(req, listener, ticket, serial++, engine.tokenizer(), ctx);
            queue.add(s);
            work.signalAll();
        } finally {
            lock.unlock();
        }
        return ticket;
    }

    public Stats stats() {
        lock.lock();
        try {
            return new Stats(running.size(), queue.size(), completed, prefixes.hits(), prefixes.misses(),
                    prefixes.size(), prefixes.bytes(), steps, kvReserved);
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (!closed) {
            try {
                if (!admit()) {
                    continue;
                }
                step();
            } catch (RuntimeException | Error e) {
                log.error("llm batch step failed; failing its sequences", e);
                lock.lock();
                try {
                    for (BatchSequence s : running) {
                        s.fail("internal error: " + e);
                        kvReserved -= s.reservedBytes;
                        completed++;
                    }
                    running.clear();
                } finally {
                    lock.unlock();
                }
            }
        }
        lock.lock();
        try {
            for (BatchSequence s : running) {
                s.finish(BatchResult.Reason.CANCELLED);
            }
            for (BatchSequence s : queue) {
                s.finish(BatchResult.Reason.CANCELLED);
            }
            running.clear();
            queue.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Moves waiting requests into the running set while the caps allow; waits when there is nothing to do. */
    private boolean admit() {
        lock.lock();
        try {
            while (!queue.isEmpty() && running.size() < options.maxSequences()) {
                BatchSequence next = queue.peek();
                long need = (long) Math.min(engine.contextLength(),
                        next.request.promptTokens().length + next.request.maxTokens()) * kvPerToken;
                if (!running.isEmpty() && kvReserved + need > options.maxKvBytes()) {
                    break;
                }
                queue.poll();
                if (next.ticket.cancelled) {
                    next.finish(BatchResult.Reason.CANCELLED);
                    continue;
                }
                next.reservedBytes = need;
                kvReserved += need;
                next.start(model, (int) Math.min(engine.contextLength(),
                        next.request.promptTokens().length + next.request.maxTokens()));
                next.cached = prefixes.restore(next.request.promptTokens(), next.state);
                running.add(next);
            }
            if (running.isEmpty()) {
                work.awaitNanos(200_000_000L);
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void step() {
        long now = System.nanoTime();
        List<BatchSequence> live = new ArrayList<>();
        for (BatchSequence s : List.copyOf(running)) {
            if (s.ticket.cancelled) {
                retire(s, BatchResult.Reason.CANCELLED);
            } else if (s.request.deadlineNanos() != 0 && now - s.request.deadlineNanos() > 0) {
                retire(s, BatchResult.Reason.TIMEOUT);
            } else {
                live.add(s);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        List<TransformerModel.Segment> segments = new ArrayList<>();
        List<BatchSequence> members = new ArrayList<>();
        int prefillBudget = options.prefillChunk();
        for (BatchSequence s : live) {
            TransformerModel.Segment seg = s.nextSegment(prefillBudget);
            if (seg != null) {
                if (!s.decoding()) {
                    prefillBudget -= seg.n();
                }
                segments.add(seg);
                members.add(s);
            }
        }
        if (segments.isEmpty()) {
            return;
        }
        float[] logits = model.forwardBatch(compute, segments);
        steps++;
        int vocab = logits.length / segments.size();
        for (int i = 0; i < members.size(); i++) {
            BatchSequence s = members.get(i);
            boolean promptDone = s.advance(segments.get(i).n());
            if (!promptDone) {
                continue;
            }
            if (s.justFinishedPrompt()) {
                prefixes.store(model, s.request.promptTokens(), s.request.promptTokens().length, s.state);
            }
            float[] row = java.util.Arrays.copyOfRange(logits, i * vocab, (i + 1) * vocab);
            BatchResult.Reason end;
            try {
                end = s.sampleNext(row);
            } catch (RuntimeException e) {
                log.warn("llm batch: sequence failed while sampling: {}", e.toString());
                retire(s, null);
                s.fail(e.getMessage() == null ? e.toString() : e.getMessage());
                continue;
            }
            if (end != null) {
                retire(s, end);
            }
        }
    }

    private void retire(BatchSequence s, BatchResult.Reason reason) {
        lock.lock();
        try {
            running.remove(s);
            kvReserved -= s.reservedBytes;
            completed++;
        } finally {
            lock.unlock();
        }
        if (reason != null) {
            s.finish(reason);
        }
    }

    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
