package io.consilium.llm.model;

import io.consilium.llm.LlmUserError;
import io.consilium.llm.gguf.GgufMetadata;
import java.nio.file.Path;

/**
 * Reads {@code {arch}.*} hyperparameters with llama.cpp's key names and defaults; a missing required key is a
 * user error naming the file and key.
 */
public final class ConfigReader {
    private final GgufMetadata md;
    private final String arch;
    private final Path file;

    public ConfigReader(GgufMetadata md, String arch, Path file) {
        this.md = md;
        this.arch = arch;
        this.file = file;
    }

    public String arch() {
        return arch;
    }

    public boolean has(String suffix) {
        return md.has(arch + "." + suffix);
    }

    public int requireInt(String suffix) {
        String key = arch + "." + suffix;
        if (!md.has(key)) {
            throw new LlmUserError("model file " + file + " lacks metadata key '" + key
                    + "' required by architecture '" + arch + "'; re-convert the model with a current llama.cpp");
        }
        return md.getInt(key);
    }

    public int getInt(String suffix, int def) {
        return md.getInt(arch + "." + suffix, def);
    }

    public float getFloat(String suffix, float def) {
        return md.getFloat(arch + "." + suffix, def);
    }

    public float requireFloat(String suffix) {
        String key = arch + "." + suffix;
        if (!md.has(key)) {
            throw new LlmUserError("model file " + file + " lacks metadata key '" + key + "'");
        }
        return md.getFloat(key);
    }

    public boolean getBoolean(String suffix, boolean def) {
        return md.getBoolean(arch + "." + suffix, def);
    }

    public String getString(String suffix, String def) {
        return md.getString(arch + "." + suffix, def);
    }

    /** The grouped-query attention block shared by every llama-family architecture. */
    public AttentionConfig attention(int nEmbd, AttentionConfig.QkNorm qkNorm) {
        int nHead = requireInt("attention.head_count");
        int nHeadKv = getInt("attention.head_count_kv", nHead);
        int headK = getInt("attention.key_length", nEmbd / nHead);
        int headV = getInt("attention.value_length", headK);
        return new AttentionConfig(nHead, nHeadKv, headK, headV, qkNorm);
    }

    /** Rope parameters including linear and YaRN scaling, as llama.cpp derives its cparams from them. */
    public RopeConfig rope(RopeConfig.Type type, int defaultNRot, int contextLength) {
        int nRot = getInt("rope.dimension_count", defaultNRot);
        float base = getFloat("rope.freq_base", 10000f);
        String scaling = getString("rope.scaling.type", "none");
        float factor = getFloat("rope.scaling.factor", 0f);
        if (factor == 0f) {
            factor = getFloat("rope.scale_linear", 1f);
        }
        if ("none".equals(scaling) || factor <= 0f) {
            factor = 1f;
        }
        float freqScale = 1f / factor;
        int nCtxOrig = getInt("rope.scaling.original_context_length", contextLength);
        float extFactor = "yarn".equals(scaling) ? 1f : 0f;
        float attnFactor = 1f;
        if (extFactor != 0f) {
            // ggml multiplies cos/sin by (1 + 0.1 ln(1/freqScale)) when extFactor != 0; llama.cpp pre-divides so
            // the net magnitude is exactly get_mscale(factor, mscale)/get_mscale(factor, mscale_all_dim).
            float logMul = getFloat("rope.scaling.yarn_log_multiplier", 0f) / 0.1f;
            float target = logMul != 0f && "deepseek2".equals(arch) ? 1f : yarnMscale(factor, 1f);
            if (logMul != 0f && !"deepseek2".equals(arch)) {
                target = yarnMscale(factor, 1f) / yarnMscale(factor, logMul);
            }
            attnFactor = target / yarnMscale(factor, 1f);
        }
        return new RopeConfig(type, nRot, base, freqScale, extFactor, attnFactor, nCtxOrig, 32f, 1f);
    }

    static float yarnMscale(float scale, float mscale) {
        return scale <= 1f ? 1f : (float) (0.1 * mscale * Math.log(scale) + 1.0);
    }
}
