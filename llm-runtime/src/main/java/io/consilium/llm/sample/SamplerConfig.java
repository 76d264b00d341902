package io.consilium.llm.sample;

import io.consilium.llm.LlmUserError;

/**
 * Sampling settings, with llama.cpp's meanings.
 *
 * @param temperature       0 = greedy (argmax); otherwise logits are divided by it before the draw
 * @param topK              keep the k most likely tokens; 0 = off
 * @param topP              keep the smallest set of most likely tokens whose probability reaches p; 1 = off
 * @param minP              drop tokens whose probability is below minP × the top token's; 0 = off
 * @param repetitionPenalty divide positive (multiply negative) logits of recent tokens; 1 = off
 * @param presencePenalty   subtract from the logit of every token present in the window; 0 = off
 * @param frequencyPenalty  subtract count × this from the logit of recent tokens; 0 = off
 * @param penaltyLastN      the penalty window: last N tokens of the history; 0 = off, -1 = all of it
 * @param seed              seed of the sequence's random generator
 */
public record SamplerConfig(float temperature, int topK, float topP, float minP, float repetitionPenalty,
                            float presencePenalty, float frequencyPenalty, int penaltyLastN, long seed) {

    public SamplerConfig {
        check(temperature >= 0 && Float.isFinite(temperature), "temperature", temperature, "must be >= 0");
        check(topK >= 0, "top-k", topK, "must be >= 0 (0 = off)");
        check(topP > 0 && topP <= 1, "top-p", topP, "must be in (0, 1]");
        check(minP >= 0 && minP <= 1, "min-p", minP, "must be in [0, 1]");
        check(repetitionPenalty > 0 && Float.isFinite(repetitionPenalty), "repetition penalty", repetitionPenalty,
                "must be > 0 (1 = off)");
        check(Float.isFinite(presencePenalty), "presence penalty", presencePenalty, "must be a finite number");
        check(Float.isFinite(frequencyPenalty), "frequency penalty", frequencyPenalty, "must be a finite number");
        check(penaltyLastN >= -1, "penalty window", penaltyLastN, "must be >= -1 (-1 = whole history)");
    }

    private static void check(boolean ok, String name, Object value, String rule) {
        if (!ok) {
            throw new LlmUserError("sampling: " + name + " = " + value + " " + rule);
        }
    }

    /** llama.cpp's defaults: temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, no penalties (window 64). */
    public static SamplerConfig defaults(long seed) {
        return new SamplerConfig(0.8f, 40, 0.95f, 0.05f, 1.0f, 0f, 0f, 64, seed);
    }

    public static SamplerConfig greedy() {
        return new SamplerConfig(0f, 0, 1f, 0f, 1.0f, 0f, 0f, 64, 0);
    }

    public SamplerConfig withTemperature(float t) {
        return new SamplerConfig(t, topK, topP, minP, repetitionPenalty, presencePenalty, frequencyPenalty, penaltyLastN, seed);
    }

    public SamplerConfig withTopP(float p) {
        return new SamplerConfig(temperature, topK, p, minP, repetitionPenalty, presencePenalty, frequencyPenalty, penaltyLastN, seed);
    }

    public SamplerConfig withTopK(int k) {
        return new SamplerConfig(temperature, k, topP, minP, repetitionPenalty, presencePenalty, frequencyPenalty, penaltyLastN, seed);
    }

    public SamplerConfig withMinP(float p) {
        return new SamplerConfig(temperature, topK, topP, p, repetitionPenalty, presencePenalty, frequencyPenalty, penaltyLastN, seed);
    }

    public SamplerConfig withSeed(long s) {
        return new SamplerConfig(temperature, topK, topP, minP, repetitionPenalty, presencePenalty, frequencyPenalty, penaltyLastN, s);
    }

    public SamplerConfig withPenalties(float repetition, float presence, float frequency, int lastN) {
        return new SamplerConfig(temperature, topK, topP, minP, repetition, presence, frequency, lastN, seed);
    }

    public boolean isGreedy() {
        return temperature == 0f;
    }
}
