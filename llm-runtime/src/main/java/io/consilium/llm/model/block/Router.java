package io.consilium.llm.model.block;

import io.consilium.llm.model.MoeConfig;

/**
 * Expert selection as llama.cpp's {@code build_moe_ffn}: gate probabilities (softmax or sigmoid), an optional
 * score-correction bias that affects only WHICH experts are chosen, group-limited selection (groups ranked by the
 * sum of their two best scores), then the chosen experts' probabilities, optionally renormalised and scaled.
 */
public final class Router {
    private final MoeConfig cfg;
    private final float[] selectionBias;

    public Router(MoeConfig cfg, float[] selectionBias) {
        this.cfg = cfg;
        this.selectionBias = selectionBias;
    }

    /**
     * @param logits router logits of one token at {@code off} (nExpert values)
     * @param experts receives nExpertUsed expert ids at {@code outOff}
     * @param weights receives their weights at {@code outOff}
     */
    public void route(float[] logits, int off, int[] experts, float[] weights, int outOff) {
        int nE = cfg.nExpert();
        float[] probs = new float[nE];
        if (cfg.gating() == MoeConfig.Gating.SOFTMAX) {
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < nE; i++) {
                max = Math.max(max, logits[off + i]);
            }
            double sum = 0;
            for (int i = 0; i < nE; i++) {
                probs[i] = (float) Math.exp(logits[off + i] - max);
                sum += probs[i];
            }
            for (int i = 0; i < nE; i++) {
                probs[i] = (float) (probs[i] / sum);
            }
        } else {
            for (int i = 0; i < nE; i++) {
                probs[i] = (float) (1.0 / (1.0 + Math.exp(-logits[off + i])));
            }
        }
        float[] sel = probs.clone();
        if (selectionBias != null) {
            for (int i = 0; i < nE; i++) {
                sel[i] += selectionBias[i];
            }
        }
        if (cfg.groupLimited()) {
            maskGroups(sel);
        }
        int k = cfg.nExpertUsed();
        boolean[] taken = new boolean[nE];
        for (int j = 0; j < k; j++) {
            int best = -1;
            for (int i = 0; i < nE; i++) {
                if (!taken[i] && (best < 0 || sel[i] > sel[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            experts[outOff + j] = best;
            weights[outOff + j] = probs[best];
        }
        if (cfg.normTopK()) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += weights[outOff + j];
            }
            sum = Math.max(sum, 6.103515625e-5);
            for (int j = 0; j < k; j++) {
                weights[outOff + j] = (float) (weights[outOff + j] / sum);
            }
        }
        if (cfg.weightsScale() != 1f) {
            for (int j = 0; j < k; j++) {
                weights[outOff + j] *= cfg.weightsScale();
            }
        }
    }

    private void maskGroups(float[] sel) {
        int nGroup = cfg.nGroup();
        int per = cfg.nExpert() / nGroup;
        float[] groupScore = new float[nGroup];
        for (int g = 0; g < nGroup; g++) {
            float best = Float.NEGATIVE_INFINITY;
            float second = Float.NEGATIVE_INFINITY;
            for (int i = g * per; i < (g + 1) * per; i++) {
                if (sel[i] > best) {
                    second = best;
                    best = sel[i];
                } else if (sel[i] > second) {
                    second = sel[i];
                }
            }
            groupScore[g] = per > 1 ? best + second : best;
        }
        boolean[] keep = new boolean[nGroup];
        for (int j = 0; j < cfg.nGroupUsed(); j++) {
            int best = -1;
            for (int g = 0; g < nGroup; g++) {
                if (!keep[g] && (best < 0 || groupScore[g] > groupScore[best])) {
                    best = g;
                }
            }
            keep[best] = true;
        }
        for (int g = 0; g < nGroup; g++) {
            if (!keep[g]) {
                for (int i = g * per; i < (g + 1) * per; i++) {
                    sel[i] = Float.NEGATIVE_INFINITY;
                }
            }
        }
    }
}
