package io.consilium.llm.sample;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Picks the next token from a vector of logits, one instance per sequence (it owns the sequence's
 * random generator, so a seed reproduces the same tokens). Order of operations, as in llama.cpp's
 * default chain: logit processors (e.g. a grammar mask) → repetition/presence/frequency penalties →
 * greedy, or top-k → top-p → min-p → temperature → draw. The logits array is modified in place.
 */
public final class Sampler {
    /** Candidate sets up to this size are simply sorted for top-p. */
    private static final int SMALL = 256;
    private static final int BUCKETS = 4096;

    private final SamplerConfig config;
    private final List<LogitProcessor> processors;
    private final SplittableRandom random;

    public Sampler(SamplerConfig config) {
        this(config, List.of());
    }

    public Sampler(SamplerConfig config, List<LogitProcessor> processors) {
        this.config = config;
        this.processors = List.copyOf(processors);
        this.random = new SplittableRandom(config.seed());
    }

    public SamplerConfig config() {
        return config;
    }

    /** @param history the sequence so far (prompt and generated tokens), oldest first; may be empty */
    public int sample(float[] logits, IntList history) {
        for (LogitProcessor p : processors) {
            p.process(logits, history);
        }
        applyPenalties(logits, history, config);
        if (config.isGreedy()) {
            return argmax(logits);
        }
        Candidates c = Candidates.all(logits);
        if (c.size == 0) {
            throw new IllegalStateException("every token is masked out; the logit processors left nothing to sample");
        }
        if (config.topK() > 0 && config.topK() < c.size) {
            c = c.best(config.topK());
        }
        if (config.topP() < 1f) {
            c = topP(c, config.topP());
        }
        if (config.minP() > 0f) {
            minP(c, config.minP());
        }
        return draw(c, config.temperature());
    }

    /** llama.cpp's penalties over the last penaltyLastN tokens of the history. */
    static void applyPenalties(float[] logits, IntList history, SamplerConfig cfg) {
        int lastN = cfg.penaltyLastN() == -1 ? history.size() : Math.min(cfg.penaltyLastN(), history.size());
        if (lastN == 0 || (cfg.repetitionPenalty() == 1f && cfg.frequencyPenalty() == 0f && cfg.presencePenalty() == 0f)) {
            return;
        }
        int[] window = new int[lastN];
        for (int i = 0; i < lastN; i++) {
            window[i] = history.get(history.size() - lastN + i);
        }
        Arrays.sort(window);
        for (int i = 0; i < lastN; ) {
            int id = window[i];
            int j = i;
            while (j < lastN && window[j] == id) {
                j++;
            }
            int count = j - i;
            i = j;
            if (id < 0 || id >= logits.length) {
                continue;
            }
            float l = logits[id];
            l = l <= 0 ? l * cfg.repetitionPenalty() : l / cfg.repetitionPenalty();
            logits[id] = l - count * cfg.frequencyPenalty() - cfg.presencePenalty();
        }
    }

    /** The first index of the largest logit. */
    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Smallest best-first prefix whose softmax mass reaches p. Unsorted input is not sorted whole:
     * the mass is histogrammed over logit buckets from the top, only the bucket where the running
     * mass crosses p is sorted, and the kept set is exactly the sorted prefix llama.cpp would keep.
     */
    static Candidates topP(Candidates c, float p) {
        float max = c.maxLogit();
        double[] e = new double[c.size];
        double total = 0;
        for (int i = 0; i < c.size; i++) {
            e[i] = Math.exp(c.logits[i] - max);
            total += e[i];
        }
        if (c.sorted || c.size <= SMALL) {
            Candidates s = c.sorted ? c : c.best(c.size);
            double cum = 0;
            for (int i = 0; i < s.size; i++) {
                cum += Math.exp(s.logits[i] - max) / total;
                if (cum >= p) {
                    s.truncate(i + 1);
                    break;
                }
            }
            return s;
        }
        float min = Float.POSITIVE_INFINITY;
        for (int i = 0; i < c.size; i++) {
            min = Math.min(min, c.logits[i]);
        }
        int nb = BUCKETS;
        double scale = max > min ? (nb - 1) / (double) (max - min) : 0;
        double[] mass = new double[nb];
        int[] count = new int[nb];
        int[] bucket = new int[c.size];
        for (int i = 0; i < c.size; i++) {
            int b = (int) ((max - c.logits[i]) * scale); // 0 = the top bucket
            bucket[i] = b;
            mass[b] += e[i];
            count[b]++;
        }
        double target = p * total;
        double above = 0;
        int cross = nb - 1;
        for (int b = 0; b < nb; b++) {
            if (above + mass[b] >= target) {
                cross = b;
                break;
            }
            above += mass[b];
        }
        // every token of the buckets above the crossing one is kept; the crossing bucket is sorted
        int keepAbove = 0;
        for (int b = 0; b < cross; b++) {
            keepAbove += count[b];
        }
        Candidates inCross = new Candidates(count[cross]);
        Candidates out = new Candidates(keepAbove + count[cross]);
        for (int i = 0; i < c.size; i++) {
            Candidates dst = bucket[i] < cross ? out : bucket[i] == cross ? inCross : null;
            if (dst != null) {
                dst.ids[dst.size] = c.ids[i];
                dst.logits[dst.size] = c.logits[i];
                dst.size++;
            }
        }
        inCross.sort();
        double cum = above;
        for (int i = 0; i < inCross.size; i++) {
            out.ids[out.size] = inCross.ids[i];
            out.logits[out.size] = inCross.logits[i];
            out.size++;
            cum += Math.exp(inCross.logits[i] - max);
            if (cum >= target) {
                break;
            }
        }
        return out; // the kept set is exact; its order (by id, then the crossing bucket) is deterministic
    }

    /** Drops candidates whose probability is below p × the best one's (logit below max + ln p). */
    static void minP(Candidates c, float p) {
        float min = c.maxLogit() + (float) Math.log(p);
        int k = 0;
        for (int i = 0; i < c.size; i++) {
            if (c.logits[i] >= min) {
                c.ids[k] = c.ids[i];
                c.logits[k] = c.logits[i];
                k++;
            }
        }
        if (k > 0) {
            c.size = k;
        }
    }

    private int draw(Candidates c, float temperature) {
        float max = c.maxLogit();
        double[] w = new double[c.size];
        double sum = 0;
        for (int i = 0; i < c.size; i++) {
            w[i] = Math.exp((c.logits[i] - max) / temperature);
            sum += w[i];
        }
        double u = random.nextDouble() * sum;
        double acc = 0;
        for (int i = 0; i < c.size; i++) {
            acc += w[i];
            if (u < acc) {
                return c.ids[i];
            }
        }
        return c.ids[c.size - 1];
    }
}
