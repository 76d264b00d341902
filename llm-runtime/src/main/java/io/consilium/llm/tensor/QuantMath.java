package io.consilium.llm.tensor;

/**
 * The scale searches of ggml's reference k-quant quantizers (make_qkx2_quants, make_qx_quants), rewritten
 * from their description: they pick per-sub-block scales (and mins) that minimise the weighted squared error.
 */
final class QuantMath {

    private QuantMath() {
    }

    /** C's roundf: halves away from zero. */
    static int roundAwayFromZero(float v) {
        return (int) (v < 0 ? -Math.floor(-v + 0.5f) : Math.floor(v + 0.5f));
    }

    /** Round to nearest, ties to even (ggml's nearest_int). */
    static int nearestInt(float v) {
        return (int) Math.rint(v);
    }

    /**
     * Asymmetric quantization of {@code n} values to levels 0..nmax with scale and min:
     * x ≈ scale * L - min. Returns the scale; {@code minOut[0]} receives min (≥ 0).
     */
    static float scaleMinQuants(int n, int nmax, float[] x, int xOff, float[] weights, byte[] levels, int lOff,
                                float[] minOut, float rmin, float rdelta, int nstep) {
        float min = x[xOff];
        float max = x[xOff];
        float sumW = weights[0];
        float sumX = sumW * x[xOff];
        for (int i = 1; i < n; i++) {
            float v = x[xOff + i];
            min = Math.min(min, v);
            max = Math.max(max, v);
            sumW += weights[i];
            sumX += weights[i] * v;
        }
        if (min > 0) {
            min = 0;
        }
        if (max == min) {
            for (int i = 0; i < n; i++) {
                levels[lOff + i] = 0;
            }
            minOut[0] = -min;
            return 0f;
        }
        float iscale = nmax / (max - min);
        float scale = 1 / iscale;
        float bestError = 0;
        for (int i = 0; i < n; i++) {
            int l = Math.max(0, Math.min(nmax, nearestInt(iscale * (x[xOff + i] - min))));
            levels[lOff + i] = (byte) l;
            float diff = scale * l + min - x[xOff + i];
            bestError += weights[i] * diff * diff;
        }
        byte[] aux = new byte[n];
        for (int is = 0; is <= nstep; is++) {
            iscale = (rmin + rdelta * is + nmax) / (max - min);
            float sumL = 0;
            float sumL2 = 0;
            float sumXL = 0;
            for (int i = 0; i < n; i++) {
                int l = Math.max(0, Math.min(nmax, nearestInt(iscale * (x[xOff + i] - min))));
                aux[i] = (byte) l;
                float w = weights[i];
                sumL += w * l;
                sumL2 += w * l * l;
                sumXL += w * l * x[xOff + i];
            }
            float det = sumW * sumL2 - sumL * sumL;
            if (det > 0) {
                float thisScale = (sumW * sumXL - sumX * sumL) / det;
                float thisMin = (sumL2 * sumX - sumL * sumXL) / det;
                if (thisMin > 0) {
                    thisMin = 0;
                    thisScale = sumXL / sumL2;
                }
                float err = 0;
                for (int i = 0; i < n; i++) {
                    float diff = thisScale * aux[i] + thisMin - x[xOff + i];
                    err += weights[i] * diff * diff;
                }
                if (err < bestError) {
                    System.arraycopy(aux, 0, levels, lOff, n);
                    bestError = err;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }
        minOut[0] = -min;
        return scale;
    }

    /**
     * Symmetric quantization to levels -nmax..nmax-1 (stored offset by nmax) weighted by x², with a small
     * search over the scale. Returns the scale.
     */
    static float symmetricQuants(int n, int nmax, float[] x, int xOff, byte[] levels, int lOff) {
        float max = 0;
        float amax = 0;
        for (int i = 0; i < n; i++) {
            float ax = Math.abs(x[xOff + i]);
            if (ax > amax) {
                amax = ax;
                max = x[xOff + i];
            }
        }
        if (amax < 1e-15f) {
            for (int i = 0; i < n; i++) {
                levels[lOff + i] = 0;
            }
            return 0f;
        }
        float iscale = -nmax / max;
        float sumLX = 0;
        float sumL2 = 0;
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            int l = Math.max(-nmax, Math.min(nmax - 1, nearestInt(iscale * v)));
            levels[lOff + i] = (byte) (l + nmax);
            float w = v * v;
            sumLX += w * v * l;
            sumL2 += w * l * l;
        }
        float scale = sumL2 != 0 ? sumLX / sumL2 : 0f;
        float best = scale * sumLX;
        for (int is = -9; is <= 9; is++) {
            if (is == 0) {
                continue;
            }
            iscale = -(nmax + 0.1f * is) / max;
            sumLX = 0;
            sumL2 = 0;
            for (int i = 0; i < n; i++) {
                float v = x[xOff + i];
                int l = Math.max(-nmax, Math.min(nmax - 1, nearestInt(iscale * v)));
                float w = v * v;
                sumLX += w * v * l;
                sumL2 += w * l * l;
            }
            if (sumL2 > 0 && sumLX * sumLX > best * sumL2) {
                for (int i = 0; i < n; i++) {
                    int l = Math.max(-nmax, Math.min(nmax - 1, nearestInt(iscale * x[xOff + i])));
                    levels[lOff + i] = (byte) (l + nmax);
                }
                scale = sumLX / sumL2;
                best = scale * sumLX;
            }
        }
        return scale;
    }

    /**
     * dst[at + s] = factor · (x[xb + len·s] + … + x[xb + len·s + len − 1]) for s = 0..7, each sum from 0f in index
     * order, exactly as eight loops one after another would form them; interleaved so the eight add chains overlap.
     */
    static void sums8(float[] x, int xb, int len, float factor, float[] dst, int at) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        float s4 = 0f;
        float s5 = 0f;
        float s6 = 0f;
        float s7 = 0f;
        for (int l = 0; l < len; l++) {
            int p = xb + l;
            s0 += x[p];
            s1 += x[p + len];
            s2 += x[p + 2 * len];
            s3 += x[p + 3 * len];
            s4 += x[p + 4 * len];
            s5 += x[p + 5 * len];
            s6 += x[p + 6 * len];
            s7 += x[p + 7 * len];
        }
        dst[at] = factor * s0;
        dst[at + 1] = factor * s1;
        dst[at + 2] = factor * s2;
        dst[at + 3] = factor * s3;
        dst[at + 4] = factor * s4;
        dst[at + 5] = factor * s5;
        dst[at + 6] = factor * s6;
        dst[at + 7] = factor * s7;
    }
}
