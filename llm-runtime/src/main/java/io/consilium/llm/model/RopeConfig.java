package io.consilium.llm.model;

/**
 * Rotary position embedding parameters in ggml's terms ({@code ggml_rope_ext}).
 *
 * @param type       NORM rotates adjacent pairs (x[2i], x[2i+1]); NEOX rotates (x[i], x[i + nRot/2])
 * @param freqScale  1/scaling factor (1 = no scaling)
 * @param extFactor  YaRN extrapolation mix (0 = plain linear interpolation)
 * @param attnFactor magnitude applied to cos/sin, before ggml's own YaRN correction
 */
public record RopeConfig(Type type, int nRot, float freqBase, float freqScale, float extFactor, float attnFactor,
                         int nCtxOrig, float betaFast, float betaSlow) {
    public enum Type { NORM, NEOX }

    public static RopeConfig plain(Type type, int nRot, float freqBase) {
        return new RopeConfig(type, nRot, freqBase, 1f, 0f, 1f, 0, 32f, 1f);
    }
}
