package io.consilium.llm.engine;

import io.consilium.llm.sample.LogitProcessor;
import io.consilium.llm.sample.SamplerConfig;
import java.util.List;

/**
 * What to generate.
 *
 * @param prompt         text to encode (with BOS as the vocab says, special-token text recognised), or null
 * @param promptTokens   the prompt as token ids (used when {@code prompt} is null)
 * @param stop           strings that end generation; the text is cut before the first match
 * @param logitProcessor applied to the logits before sampling at every step (grammar constraints), or null
 * @param topLogits      how many of the highest logits to record per step (0 = none)
 */
public record GenerateRequest(String prompt, int[] promptTokens, SamplerConfig sampler, int maxTokens,
                              List<String> stop, LogitProcessor logitProcessor, int topLogits) {
    public GenerateRequest {
        if ((prompt == null) == (promptTokens == null)) {
            throw new IllegalArgumentException("give exactly one of prompt and promptTokens");
        }
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must be ≥ 0");
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    public static GenerateRequest of(String prompt, SamplerConfig sampler, int maxTokens) {
        return new GenerateRequest(prompt, null, sampler, maxTokens, List.of(), null, 0);
    }
}
