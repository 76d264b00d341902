package io.consilium.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.consilium.llm.model.block.Compute;
import io.consilium.llm.model.block.SequenceState;
import io.consilium.llm.model.synth.SynthShape;
import io.consilium.llm.model.synth.SynthWriter;
import io.consilium.llm.tensor.ComputePool;
import io.consilium.llm.tensor.Kernels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A multi-sequence step gives every sequence the logits it gets when run alone, whatever mix of prefill chunks and
 * decode tokens shares the step; and a prefix copied from another sequence continues like one computed from
 * scratch. With row-wise products every row is computed by the same operations either way; the tolerance only
 * covers the Vector API's lane reductions, whose order may change once the JIT compiles them.
 */
class ForwardBatchTest {
    private static final float TOL = 2e-5f;

    @TempDir
    Path dir;

    private static int[] prompt(int seed, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = 3 + (int) ((seed * 7919L + i * 104729L) % 31000);
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen2moe", "llama", "deepseek2"})
    void batchedStepsEqualSingleSequenceRuns(String arch) {
        Path p = dir.resolve(arch + ".gguf");
        SynthWriter.write(SynthShape.of(arch, "test"), "Q8_0", 3, p);
        try (LoadedModel lm = ModelLoader.load(p); ComputePool pool = new ComputePool(2)) {
            TransformerModel m = lm.model();
            Compute c = new Compute(Kernels.create(pool), pool, true);
            int[][] prompts = {prompt(1, 9), prompt(2, 5), prompt(3, 12)};
            int decode = 4;
            // alone: whole prompt, then one token at a time (fixed continuation tokens)
            List<float[]> alone = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                SequenceState st = m.newSequence(64);
                alone.add(m.forward(c, st, prompts[s], 0, prompts[s].length, false));
                for (int i = 0; i < decode; i++) {
                    alone.add(m.forward(c, st, new int[] {100 + s * 10 + i}, 0, 1, false));
                }
            }
            // batched: sequence 0 prefills in chunks of 4 while the others start later and interleave
            SequenceState[] st = {m.newSequence(64), m.newSequence(64), m.newSequence(64)};
            int vocab = lm.config().vocabSize();
            List<List<float[]>> got = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            int[] done = new int[3];
            int[] generated = new int[3];
            int step = 0;
            while (Arrays.stream(generated).anyMatch(g -> g < decode)) {
                List<TransformerModel.Segment> segs = new ArrayList<>();
                List<Integer> who = new ArrayList<>();
                List<Boolean> last = new ArrayList<>();
                for (int s = 0; s < 3; s++) {
                    if (step < s || generated[s] >= decode) {
                        continue;
                    }
                    if (done[s] < prompts[s].length) {
                        int n = Math.min(4, prompts[s].length - done[s]);
                        segs.add(new TransformerModel.Segment(st[s], prompts[s], done[s], n));
                        done[s] += n;
                        last.add(done[s] == prompts[s].length);
                    } else {
                        segs.add(new TransformerModel.Segment(st[s], new int[] {100 + s * 10 + generated[s]}, 0, 1));
                        generated[s]++;
                        last.add(true);
                    }
                    who.add(s);
                }
                float[] logits = m.forwardBatch(c, segs);
                assertEquals(segs.size() * vocab, logits.length);
                for (int i = 0; i < segs.size(); i++) {
                    if (last.get(i)) {
                        got.get(who.get(i)).add(Arrays.copyOfRange(logits, i * vocab, (i + 1) * vocab));
                    }
                }
                step++;
            }
            for (int s = 0; s < 3; s++) {
                List<float[]> mine = got.get(s);
                for (int i = 0; i < decode; i++) {   // the last decode step's logits are never produced in batch
                    assertArrayEquals(alone.get(s * (decode + 1) + i), mine.get(i), TOL, arch + " seq " + s + " step " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen2moe", "deepseek2"})
    void copiedPrefixContinuesLikeAFreshPrefill(String arch) {
        Path p = dir.resolve(arch + ".gguf");
        SynthWriter.write(SynthShape.of(arch, "test"), "Q8_0", 5, p);
        try (LoadedModel lm = ModelLoader.load(p); ComputePool pool = new ComputePool(2)) {
            TransformerModel m = lm.model();
            Compute c = new Compute(Kernels.create(pool), pool, true);
            int[] a = prompt(7, 20);
            SequenceState cached = m.newSequence(128);
            m.forward(c, cached, a, 0, a.length, false);
            int[] b = Arrays.copyOf(a, 26);
            System.arraycopy(prompt(8, 6), 0, b, 20, 6);
            SequenceState fresh = m.newSequence(128);
            float[] want = m.forward(c, fresh, b, 0, b.length, false);
            SequenceState reused = m.newSequence(128);
            reused.copyPrefixFrom(cached, 15);
            float[] got = m.forward(c, reused, b, 15, b.length - 15, false);
            assertArrayEquals(want, got, TOL);
            assertThrows(IllegalArgumentException.class, () -> reused.copyPrefixFrom(cached, 21));
        }
    }
}
