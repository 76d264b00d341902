package io.consilium.llm.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.llm.LlmUserError;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {

    static float[] randomLogits(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] l = new float[n];
        for (int i = 0; i < n; i++) {
            l[i] = (float) (r.nextGaussian() * 3);
        }
        return l;
    }

    @Test
    void greedyIsArgmaxAndIgnoresTheSeed() {
        float[] logits = randomLogits(32000, 1);
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        for (long seed = 0; seed < 5; seed++) {
            Sampler s = new Sampler(SamplerConfig.greedy().withSeed(seed));
            assertEquals(best, s.sample(logits.clone(), new IntList()));
        }
        // ties go to the lowest id, as llama.cpp's greedy sampler does
        assertEquals(2, new Sampler(SamplerConfig.greedy()).sample(new float[] {0, 1, 5, 5}, new IntList()));
    }

    @Test
    void sameSeedSameTokensDifferentSeedDifferentTokens() {
        SamplerConfig cfg = SamplerConfig.defaults(7).withTemperature(1.5f).withTopK(0).withTopP(1f).withMinP(0f);
        int[] a = run(new Sampler(cfg), 200);
        int[] b = run(new Sampler(cfg), 200);
        int[] c = run(new Sampler(cfg.withSeed(8)), 200);
        assertArrayEquals(a, b);
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
    }

    static int[] run(Sampler s, int steps) {
        IntList hist = new IntList();
        int[] out = new int[steps];
        for (int i = 0; i < steps; i++) {
            out[i] = s.sample(randomLogits(1000, i), hist);
            hist.add(out[i]);
        }
        return out;
    }

    @Test
    void drawsFollowTheSoftmaxAtTheTemperature() {
        float[] logits = {2f, 1f, 0f, -1f};
        float t = 0.7f;
        double[] p = new double[4];
        double z = 0;
        for (int i = 0; i < 4; i++) {
            p[i] = Math.exp(logits[i] / t);
            z += p[i];
        }
        Sampler s = new Sampler(new SamplerConfig(t, 0, 1f, 0f, 1f, 0f, 0f, 0, 123));
        int n = 40_000;
        int[] counts = new int[4];
        for (int i = 0; i < n; i++) {
            counts[s.sample(logits.clone(), new IntList())]++;
        }
        for (int i = 0; i < 4; i++) {
            double expected = p[i] / z;
            double sd = Math.sqrt(expected * (1 - expected) / n);
            assertEquals(expected, counts[i] / (double) n, 5 * sd, "token " + i);
        }
    }

    @Test
    void topKTopPAndMinPRestrictTheSupport() {
        float[] logits = randomLogits(5000, 3);
        int[] order = java.util.stream.IntStream.range(0, logits.length).boxed()
                .sorted((x, y) -> Float.compare(logits[y], logits[x])).mapToInt(Integer::intValue).toArray();
        Sampler topK = new Sampler(new SamplerConfig(1f, 3, 1f, 0f, 1f, 0f, 0f, 0, 5));
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 3000; i++) {
            seen.add(topK.sample(logits.clone(), new IntList()));
        }
        assertEquals(java.util.Set.of(order[0], order[1], order[2]), seen);

        // top-p: keeps the smallest best-first prefix whose mass reaches p
        float[] l2 = {3f, 2f, 1f, 0f, -5f};
        Candidates c = Sampler.topP(Candidates.all(l2), 0.9f);
        double z = 0;
        for (float v : l2) {
            z += Math.exp(v);
        }
        double m2 = (Math.exp(3) + Math.exp(2)) / z;
        double m3 = m2 + Math.exp(1) / z;
        assertTrue(m2 < 0.9 && m3 >= 0.9);
        assertEquals(3, c.size);
        assertArrayEquals(new int[] {0, 1, 2}, java.util.Arrays.copyOf(c.ids, c.size));
        // the growing window path: a flat distribution over 5000 tokens needs most of them
        Candidates flat = Sampler.topP(Candidates.all(new float[5000]), 0.5f);
        assertEquals(2500, flat.size, 1);

        // min-p 0.5: keeps logits >= max + ln 0.5
        Candidates mp = Candidates.all(new float[] {0f, -0.5f, -0.7f, -1f});
        Sampler.minP(mp, 0.5f);
        assertEquals(2, mp.size);
    }

    @Test
    void penaltiesFollowLlamaCpp() {
        float[] logits = {2f, -2f, 1f, 0.5f};
        IntList hist = IntList.of(0, 1, 1, 3, 3, 3);
        SamplerConfig cfg = SamplerConfig.greedy().withPenalties(2f, 0.25f, 0.1f, 64);
        Sampler.applyPenalties(logits, hist, cfg);
        assertEquals(2f / 2f - 0.1f - 0.25f, logits[0], 1e-6);       // seen once, positive: divided
        assertEquals(-2f * 2f - 0.2f - 0.25f, logits[1], 1e-6);      // seen twice, negative: multiplied
        assertEquals(1f, logits[2], 0f);                             // not seen
        assertEquals(0.5f / 2f - 0.3f - 0.25f, logits[3], 1e-6);     // seen three times
        // the window only covers the last N tokens
        float[] l2 = {2f, 2f};
        Sampler.applyPenalties(l2, IntList.of(0, 1), SamplerConfig.greedy().withPenalties(2f, 0f, 0f, 1));
        assertArrayEquals(new float[] {2f, 1f}, l2);
    }

    @Test
    void logitProcessorsRunFirstAndCanForceAToken() {
        LogitProcessor onlySeven = (logits, history) -> {
            for (int i = 0; i < logits.length; i++) {
                if (i != 7) {
                    logits[i] = Float.NEGATIVE_INFINITY;
                }
            }
        };
        Sampler s = new Sampler(SamplerConfig.defaults(1), List.of(onlySeven));
        for (int i = 0; i < 50; i++) {
            assertEquals(7, s.sample(randomLogits(100, i), new IntList()));
        }
        Sampler g = new Sampler(SamplerConfig.greedy(), List.of(onlySeven));
        assertEquals(7, g.sample(randomLogits(100, 9), new IntList()));
    }

    @Test
    void badSettingsAreUserErrors() {
        assertThrows(LlmUserError.class, () -> SamplerConfig.defaults(1).withTopP(0f));
        assertThrows(LlmUserError.class, () -> SamplerConfig.defaults(1).withTemperature(-1f));
        assertThrows(LlmUserError.class, () -> SamplerConfig.defaults(1).withPenalties(0f, 0f, 0f, 64));
    }
}
