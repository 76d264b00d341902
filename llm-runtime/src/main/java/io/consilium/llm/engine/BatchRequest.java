package io.consilium.llm.engine;

import io.consilium.llm.grammar.GrammarConstraint;
import io.consilium.llm.sample.SamplerConfig;
import java.util.List;
import java.util.Set;

/**
 * One sequence for the {@link BatchEngine}.
 *
 * @param constraint    grammar applied to every step (its state is this request's own), or null
 * @param priority      higher runs first when requests wait (an executor's question before a background review)
 * @param deadlineNanos System.nanoTime() after which the request stops with TIMEOUT; 0 = none
 * @param shownControls control tokens whose text the answer shows (a tool format's markers, for its call parser);
 *                      other control tokens add no text
 */
public record BatchRequest(int[] promptTokens, SamplerConfig sampler, int maxTokens, List<String> stop,
                           GrammarConstraint constraint, int priority, long deadlineNanos, Set<Integer> shownControls) {

    public BatchRequest(int[] promptTokens, SamplerConfig sampler, int maxTokens, List<String> stop,
                        GrammarConstraint constraint, int priority, long deadlineNanos) {
        this(promptTokens, sampler, maxTokens, stop, constraint, priority, deadlineNanos, Set.of());
    }

    public BatchRequest {
        if (promptTokens == null || promptTokens.length == 0) {
            throw new IllegalArgumentException("a batch request needs at least one prompt token");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be ≥ 1");
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
        shownControls = shownControls == null ? Set.of() : Set.copyOf(shownControls);
    }
}
