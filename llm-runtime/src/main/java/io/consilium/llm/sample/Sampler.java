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
    private static final int FIRST_TOP_P_WINDOW = 64;

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
     * a growing window of the best candidates is selected until it holds the mass.
     */
    static Candidates topP(Candidates c, float p) {
        float max = c.maxLogit();
        double total = 0;
        for (int i = 0; i < c.size; i++) {
            total += Math.exp(c.logits[i] - max);
        }
        int window = c.sorted ? c.size : Math.min(FIRST_TOP_P_WINDOW, c.size);
        while (true) {
            Candidates top = c.sorted && window == c.size ? c : c.best(window);
            double cum = 0;
            for (int i = 0; i < top.size; i++) {
                cum += Math.exp(top.logits[i] - max) / total;
                if (cum >= p) {
                    top.truncate(i + 1);
                    return top;
                }
            }
            if (window >= c.size) {
                return top;
            }
            window = (int) Math.min((long) window * 4, c.size);
        }
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
