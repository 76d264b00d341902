package io.consilium.llm.sample;

import java.util.SplittableRandom;

/** Prints microseconds per sampling step for typical settings and vocab sizes (asserts nothing). */
public final class SamplerBench {
    public static void main(String[] args) {
        for (int vocab : new int[] {32_000, 151_936}) {
            float[][] logits = new float[64][vocab];
            SplittableRandom r = new SplittableRandom(1);
            for (float[] l : logits) {
                for (int i = 0; i < vocab; i++) {
                    l[i] = (float) (r.nextGaussian() * 2.5);
                }
            }
            SamplerConfig[] cfgs = {
                    SamplerConfig.greedy(),
                    SamplerConfig.defaults(1),
                    SamplerConfig.defaults(1).withTopK(0).withMinP(0f).withTopP(0.9f),
                    SamplerConfig.defaults(1).withPenalties(1.1f, 0.2f, 0.1f, 64)};
            String[] names = {"greedy", "top-k 40, top-p .95, min-p .05", "top-p .9 only (no top-k)", "defaults + penalties(64)"};
            for (int c = 0; c < cfgs.length; c++) {
                Sampler s = new Sampler(cfgs[c]);
                IntList hist = new IntList();
                for (int i = 0; i < 200; i++) {
                    hist.add(i * 7 % vocab);
                }
                long best = Long.MAX_VALUE;
                for (int rep = 0; rep < 5; rep++) {
                    long t = System.nanoTime();
                    for (float[] l : logits) {
                        s.sample(l.clone(), hist);
                    }
                    best = Math.min(best, System.nanoTime() - t);
                }
                System.out.printf("vocab %6d  %-34s %7.1f us/step (incl. logits copy)%n", vocab, names[c], best / 1e3 / logits.length);
            }
        }
    }
}
