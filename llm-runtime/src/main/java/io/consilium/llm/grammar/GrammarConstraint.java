package io.consilium.llm.grammar;

import io.consilium.llm.sample.IntList;
import io.consilium.llm.sample.LogitProcessor;
import java.util.Arrays;

/**
 * The grammar state of one generated sequence. Before every sampling step {@link #apply} sets the logit of every
 * token the grammar forbids to -∞, and also of every token after which the sentence could no longer be finished
 * within the tokens left (so the output is complete and valid even when max_tokens cuts it short: near the budget
 * only tokens that bring the end closer survive). End-of-generation tokens pass only where the grammar can end.
 */
public final class GrammarConstraint {
    private final TokenMasker masker;
    private long state;
    private float[] saved = new float[256];

    public GrammarConstraint(TokenMasker masker) {
        this.masker = masker;
        this.state = GrammarStates.pack(masker.states().initial(), GrammarStates.NO_PARTIAL);
    }

    /** The fewest tokens any complete answer needs from the start when written one token per byte. */
    public int minTokens() {
        return masker.states().distance(state);
    }

    /** Whether the text so far is complete (an end-of-generation token is allowed now). */
    public boolean accepting() {
        return GrammarStates.partialOf(state) == GrammarStates.NO_PARTIAL
                && masker.states().accepting(GrammarStates.stateOf(state));
    }

    /** Whether the text is complete and nothing may follow: generation should stop. */
    public boolean finished() {
        return accepting() && !masker.states().canContinue(GrammarStates.stateOf(state));
    }

    /**
     * Masks the logits in place.
     *
     * @param tokensLeft how many tokens may still be generated, this one included
     */
    public void apply(float[] logits, int tokensLeft) {
        Mask m = masker.mask(state);
        int[] eog = masker.trie().eog();
        float[] eogLogits = new float[eog.length];
        for (int i = 0; i < eog.length; i++) {
            eogLogits[i] = logits[eog[i]];
        }
        int limit = tokensLeft - 1;
        if (m.maxDist() > limit) {
            budgeted(m, logits, limit);
        } else if (m.count() * 2 < logits.length) {
            keepOnly(m, logits);
        } else {
            // most tokens pass (inside a string, a number): forbid the few that do not
            long[] bits = m.allowedBits();
            for (int w = 0; w < bits.length; w++) {
                long word = ~bits[w];
                while (word != 0) {
                    int t = w << 6 | Long.numberOfTrailingZeros(word);
                    if (t >= logits.length) {
                        break;
                    }
                    word &= word - 1;
                    logits[t] = Float.NEGATIVE_INFINITY;
                }
            }
            for (int t = bits.length << 6; t < logits.length; t++) {
                logits[t] = Float.NEGATIVE_INFINITY;
            }
        }
        boolean accepting = accepting();
        for (int i = 0; i < eog.length; i++) {
            logits[eog[i]] = accepting ? eogLogits[i] : Float.NEGATIVE_INFINITY;
        }
    }

    private void keepOnly(Mask m, float[] logits) {
        int[] tokens = m.allTokens();
        if (saved.length < tokens.length) {
            saved = new float[Math.max(tokens.length, saved.length * 2)];
        }
        for (int i = 0; i < tokens.length; i++) {
            saved[i] = logits[tokens[i]];
        }
        Arrays.fill(logits, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < tokens.length; i++) {
            logits[tokens[i]] = saved[i];
        }
    }

    /**
     * Near the end of the budget: only tokens after which the sentence can still be finished in time. When the
     * budget is already below the shortest completion counted one token per byte, no token meets it: keep
     * those that bring the end closest instead (multi-character tokens usually still make it).
     */
    private void budgeted(Mask m, float[] logits, int limit) {
        int[] tokens = m.allTokens();
        int[] dist = new int[tokens.length];
        int best = Integer.MAX_VALUE;
        for (int i = 0; i < tokens.length; i++) {
            dist[i] = m.dist(tokens[i]);
            best = Math.min(best, dist[i]);
        }
        int keep = best > limit ? best : limit;
        if (saved.length < tokens.length) {
            saved = new float[Math.max(tokens.length, saved.length * 2)];
        }
        for (int i = 0; i < tokens.length; i++) {
            saved[i] = logits[tokens[i]];
        }
        Arrays.fill(logits, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < tokens.length; i++) {
            if (dist[i] <= keep) {
                logits[tokens[i]] = saved[i];
            }
        }
    }

    /** Advances over a sampled token; end-of-generation tokens leave the state as it is. */
    public void accept(int token) {
        if (masker.trie().isEog(token)) {
            if (!accepting()) {
                throw new IllegalStateException("end of generation before the grammar is complete");
            }
            return;
        }
        Mask m = masker.mask(state);
        if (!m.allows(token)) {
            throw new IllegalStateException("token " + token + " is not allowed by the grammar here");
        }
        state = m.after(token);
    }

    /**
     * For the single-sequence engine's logit-processor hook: follows the history and masks with a token budget of
     * {@code maxTokens} counted from the first call.
     */
    public LogitProcessor asLogitProcessor(int maxTokens) {
        return new LogitProcessor() {
            private int start = -1;

            @Override
            public void process(float[] logits, IntList history) {
                if (start < 0) {
                    start = history.size();
                }
                int generated = history.size() - start;
                int fed = fedCount;
                for (int i = start + fed; i < history.size(); i++) {
                    accept(history.get(i));
                    fedCount++;
                }
                apply(logits, maxTokens - generated);
            }

            private int fedCount;
        };
    }
}
