package io.consilium.llm.model.block;

import io.consilium.llm.model.RopeConfig;

/**
 * Rotary position embedding computed as ggml's {@code ggml_rope_ext} does, including YaRN's ramp between
 * interpolated and extrapolated angles. Immutable; the cos/sin table for a position goes into a caller buffer.
 */
public final class Rope {
    private final RopeConfig cfg;
    private final float[] invFreq;
    private final float corrLow;
    private final float corrHigh;

    public Rope(RopeConfig cfg) {
        this(cfg, null);
    }

    /**
     * @param freqFactors per-pair divisors of the frequency ({@code rope_freqs.weight}, Llama 3.1-style scaling),
     *                    or null
     */
    public Rope(RopeConfig cfg, float[] freqFactors) {
        this.cfg = cfg;
        int half = cfg.nRot() / 2;
        if (freqFactors != null && freqFactors.length != half) {
            throw new IllegalArgumentException("rope_freqs has " + freqFactors.length + " values, rope needs " + half);
        }
        invFreq = new float[half];
        double thetaScale = Math.pow(cfg.freqBase(), -2.0 / cfg.nRot());
        double t = 1.0;
        for (int i = 0; i < half; i++) {
            invFreq[i] = (float) (freqFactors == null ? t : t / freqFactors[i]);
            t *= thetaScale;
        }
        if (cfg.extFactor() != 0f) {
            float start = (float) Math.floor(corrDim(cfg.nRot(), cfg.nCtxOrig(), cfg.betaFast(), cfg.freqBase()));
            float end = (float) Math.ceil(corrDim(cfg.nRot(), cfg.nCtxOrig(), cfg.betaSlow(), cfg.freqBase()));
            corrLow = Math.max(0, start);
            corrHigh = Math.min(cfg.nRot() - 1, end);
        } else {
            corrLow = 0;
            corrHigh = 0;
        }
    }

    private static double corrDim(int nDims, int nCtxOrig, float nRotations, float base) {
        return nDims * Math.log(nCtxOrig / (nRotations * 2 * Math.PI)) / (2 * Math.log(base));
    }

    public int nRot() {
        return cfg.nRot();
    }

    /** Fills {@code cs} with cos at [0, nRot/2) and sin at [nRot/2, nRot) for position {@code pos}. */
    public void table(int pos, float[] cs) {
        int half = invFreq.length;
        float freqScale = cfg.freqScale();
        for (int i = 0; i < half; i++) {
            float thetaExtrap = pos * invFreq[i];
            float thetaInterp = freqScale * thetaExtrap;
            float theta = thetaInterp;
            float mscale = cfg.attnFactor();
            if (cfg.extFactor() != 0f) {
                float y = (i - corrLow) / Math.max(0.001f, corrHigh - corrLow);
                float ramp = (1 - Math.min(1, Math.max(0, y))) * cfg.extFactor();
                theta = thetaInterp * (1 - ramp) + thetaExtrap * ramp;
                mscale *= 1.0f + 0.1f * (float) Math.log(1.0f / freqScale);
            }
            cs[i] = (float) Math.cos(theta) * mscale;
            cs[half + i] = (float) Math.sin(theta) * mscale;
        }
    }

    /** Rotates the first nRot values of the vector at {@code x[off..]} in place. */
    public void rotate(float[] x, int off, float[] cs) {
        int half = invFreq.length;
        if (cfg.type() == RopeConfig.Type.NORM) {
            for (int i = 0; i < half; i++) {
                float c = cs[i];
                float s = cs[half + i];
                int j = off + 2 * i;
                float x0 = x[j];
                float x1 = x[j + 1];
                x[j] = x0 * c - x1 * s;
                x[j + 1] = x0 * s + x1 * c;
            }
        } else {
            for (int i = 0; i < half; i++) {
                float c = cs[i];
                float s = cs[half + i];
                int j = off + i;
                float x0 = x[j];
                float x1 = x[j + half];
                x[j] = x0 * c - x1 * s;
                x[j + half] = x0 * s + x1 * c;
            }
        }
    }
}
