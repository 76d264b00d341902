package io.consilium.llm.sample;

/**
 * A hook that edits the logits before sampling, for example a grammar that sets the logits of
 * tokens that would break the JSON schema to negative infinity. Runs before penalties and
 * truncation, also for greedy decoding.
 */
@FunctionalInterface
public interface LogitProcessor {
    /** @param history the tokens of the sequence so far (prompt and generated), oldest first */
    void process(float[] logits, IntList history);
}
