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

    /** The fewest tokens any complete answer needs from the start. */
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
        TokenMasker.Mask m = masker.mask(state);
        int n = m.tokens().length;
        if (saved.length < n) {
            saved = new float[Math.max(n, saved.length * 2)];
        }
        boolean budget = m.maxDist() > tokensLeft - 1;
        int kept = 0;
        for (int i = 0; i < n; i++) {
            saved[i] = logits[m.tokens()[i]];
            if (!budget || m.dist()[i] <= tokensLeft - 1) {
                kept++;
            }
        }
        boolean accepting = accepting();
        int[] eog = masker.trie().eog();
        float[] eogLogits = new float[eog.length];
        for (int i = 0; i < eog.length; i++) {
            eogLogits[i] = logits[eog[i]];
        }
        Arrays.fill(logits, Float.NEGATIVE_INFINITY);
        // When the budget is already below the shortest completion counted one token per character, no token meets
        // it: keep those that bring the end closest instead (multi-character tokens usually still make it).
        int limit = tokensLeft - 1;
        if (budget && kept == 0) {
            limit = Integer.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                limit = Math.min(limit, m.dist()[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            if (!budget || m.dist()[i] <= limit) {
                logits[m.tokens()[i]] = saved[i];
            }
        }
        if (accepting) {
            for (int i = 0; i < eog.length; i++) {
                logits[eog[i]] = eogLogits[i];
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
        TokenMasker.Mask m = masker.mask(state);
        int i = m.indexOf(token);
        if (i < 0) {
            throw new IllegalStateException("token " + token + " is not allowed by the grammar here");
        }
        state = m.after()[i];
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
