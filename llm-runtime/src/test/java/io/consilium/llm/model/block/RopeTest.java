package io.consilium.llm.model.block;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consilium.llm.model.RopeConfig;
import org.junit.jupiter.api.Test;

class RopeTest {
    @Test
    void normalModeRotatesAdjacentPairsAndNeoxRotatesHalves() {
        float[] cs = new float[4];
        Rope norm = new Rope(RopeConfig.plain(RopeConfig.Type.NORM, 4, 10000f));
        norm.table(3, cs);
        float[] x = {1, 0, 1, 0};
        norm.rotate(x, 0, cs);
        assertEquals(Math.cos(3), x[0], 1e-6);
        assertEquals(Math.sin(3), x[1], 1e-6);
        assertEquals(Math.cos(3 * 0.01), x[2], 1e-6);
        assertEquals(Math.sin(3 * 0.01), x[3], 1e-6);

        Rope neox = new Rope(RopeConfig.plain(RopeConfig.Type.NEOX, 4, 10000f));
        neox.table(3, cs);
        float[] y = {1, 1, 0, 0};
        neox.rotate(y, 0, cs);
        assertEquals(Math.cos(3), y[0], 1e-6);
        assertEquals(Math.sin(3), y[2], 1e-6);
        assertEquals(Math.cos(0.03), y[1], 1e-6);
        assertEquals(Math.sin(0.03), y[3], 1e-6);
    }

    @Test
    void rotationKeepsTheNormWithoutScaling() {
        Rope r = new Rope(new RopeConfig(RopeConfig.Type.NORM, 8, 10000f, 0.25f, 1f, 1f / (1f + 0.1f
                * (float) Math.log(4)), 64, 32f, 1f));
        float[] cs = new float[8];
        r.table(100, cs);
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8};
        double before = 0;
        for (float v : x) {
            before += v * v;
        }
        r.rotate(x, 0, cs);
        double after = 0;
        for (float v : x) {
            after += v * v;
        }
        assertEquals(before, after, 1e-3, "YaRN with attn_factor cancelled leaves magnitudes alone");
    }

    @Test
    void frequencyFactorsDivideEachPairsFrequency() {
        float[] cs = new float[4];
        Rope r = new Rope(RopeConfig.plain(RopeConfig.Type.NORM, 4, 10000f), new float[] {1f, 8f});
        r.table(5, cs);
        assertEquals(Math.cos(5), cs[0], 1e-6);
        assertEquals(Math.cos(5 * 0.01 / 8), cs[1], 1e-6);
    }
}
