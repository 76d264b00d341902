package io.consilium.llm.model.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consilium.llm.model.MoeConfig;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static MoeConfig cfg(int n, int k, MoeConfig.Gating g, boolean norm, float scale, int groups, int used) {
        return new MoeConfig(n, k, 8, 0, false, g, norm, scale, groups, used, 0);
    }

    @Test
    void softmaxTopKWithoutRenormalisationKeepsFullSoftmaxWeights() {
        Router r = new Router(cfg(4, 2, MoeConfig.Gating.SOFTMAX, false, 1f, 0, 0), null);
        float[] logits = {0f, 2f, 1f, -1f};
        int[] e = new int[2];
        float[] w = new float[2];
        r.route(logits, 0, e, w, 0);
        double z = Math.exp(0) + Math.exp(2) + Math.exp(1) + Math.exp(-1);
        assertArrayEquals(new int[] {1, 2}, e);
        assertEquals(Math.exp(2) / z, w[0], 1e-6);
        assertEquals(Math.exp(1) / z, w[1], 1e-6);
    }

    @Test
    void renormalisedTopKSumsToOneThenScales() {
        Router r = new Router(cfg(4, 2, MoeConfig.Gating.SOFTMAX, true, 2.5f, 0, 0), null);
        int[] e = new int[2];
        float[] w = new float[2];
        r.route(new float[] {0f, 2f, 1f, -1f}, 0, e, w, 0);
        assertEquals(2.5, w[0] + w[1], 1e-5);
        assertEquals(2.5 * Math.exp(2) / (Math.exp(2) + Math.exp(1)), w[0], 1e-5);
    }

    @Test
    void selectionBiasChangesTheChoiceButNotTheWeights() {
        float[] bias = {0f, 0f, 0f, 1f};
        Router r = new Router(cfg(4, 1, MoeConfig.Gating.SIGMOID, false, 1f, 0, 0), bias);
        int[] e = new int[1];
        float[] w = new float[1];
        r.route(new float[] {0f, 2f, 1f, -1f}, 0, e, w, 0);
        assertEquals(3, e[0], "sigmoid(-1)+1 beats sigmoid(2)");
        assertEquals(1 / (1 + Math.exp(1)), w[0], 1e-6, "weight is the unbiased probability");
    }

    @Test
    void groupLimitedRoutingOnlyPicksFromTheBestGroups() {
        // 3 groups of 2; group scores (sum of top two): g0 = 0.9+0.8, g1 = 0.95+0.0, g2 = 0.5+0.4
        float[] logits = logitOf(0.9f, 0.8f, 0.95f, 0.0001f, 0.5f, 0.4f);
        Router r = new Router(cfg(6, 2, MoeConfig.Gating.SIGMOID, false, 1f, 3, 1), null);
        int[] e = new int[2];
        float[] w = new float[2];
        r.route(logits, 0, e, w, 0);
        assertArrayEquals(new int[] {0, 1}, e, "expert 2 has the best single score but its group loses");
    }

    private static float[] logitOf(float... probs) {
        float[] l = new float[probs.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) Math.log(probs[i] / (1 - probs[i]));
        }
        return l;
    }
}
