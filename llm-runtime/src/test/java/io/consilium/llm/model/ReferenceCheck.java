package io.consilium.llm.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.llm.model.block.Compute;
import io.consilium.llm.model.block.SequenceState;
import io.consilium.llm.model.synth.SynthShape;
import io.consilium.llm.model.synth.SynthWriter;
import io.consilium.llm.tensor.ComputePool;
import io.consilium.llm.tensor.Kernels;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes a synthetic test-shape model, runs the optimised engine on a prompt (one batched prefill returning every
 * position's logits) followed by single-token decode steps through the KV cache, and compares every position
 * with {@link ReferenceModel}.
 */
final class ReferenceCheck {
    static final int[] TOKENS = {1, 450, 4996, 17354, 1701, 432, 29871, 13, 3492, 263};
    static final int PREFILL = 6;

    private ReferenceCheck() {
    }

    /** Tolerance on max |engine − reference| relative to max(1, max |reference logit|). */
    static double tolerance(String type) {
        return switch (type) {
            case "F32", "F16", "BF16" -> 1e-3;
            default -> 3e-2;
        };
    }

    static void check(String arch, String type, Path dir) {
        Path file = dir.resolve(arch + "-" + type + ".gguf");
        SynthWriter.write(SynthShape.of(arch, "test"), type, 11, file);
        try (LoadedModel lm = ModelLoader.load(file); ComputePool pool = new ComputePool(2)) {
            Compute c = new Compute(Kernels.create(pool), pool);
            TransformerModel m = lm.model();
            int v = lm.config().vocabSize();
            SequenceState st = m.newSequence(32);
            float[][] got = new float[TOKENS.length][];
            float[] all = m.forward(c, st, TOKENS, 0, PREFILL, true);
            for (int i = 0; i < PREFILL; i++) {
                got[i] = Arrays.copyOfRange(all, i * v, (i + 1) * v);
            }
            for (int i = PREFILL; i < TOKENS.length; i++) {
                got[i] = m.forward(c, st, TOKENS, i, 1, false);
            }
            float[][] want = new ReferenceModel(lm.file(), lm.config()).forward(TOKENS);
            double maxErr = 0;
            double maxRef = 1;
            for (int i = 0; i < TOKENS.length; i++) {
                for (int j = 0; j < v; j++) {
                    assertTrue(Float.isFinite(got[i][j]), arch + "/" + type + ": non-finite logit");
                    maxErr = Math.max(maxErr, Math.abs(got[i][j] - want[i][j]));
                    maxRef = Math.max(maxRef, Math.abs(want[i][j]));
                }
            }
            double spread = stddev(want[TOKENS.length - 1]);
            assertTrue(spread > 0.5, arch + "/" + type + ": degenerate logits (sd " + spread + ")");
            assertTrue(maxErr <= tolerance(type) * maxRef, arch + "/" + type + ": max |engine − reference| = "
                    + maxErr + " exceeds " + tolerance(type) + " × " + maxRef);
        }
    }

    private static double stddev(float[] x) {
        double m = 0;
        for (float f : x) {
            m += f;
        }
        m /= x.length;
        double s = 0;
        for (float f : x) {
            s += (f - m) * (f - m);
        }
        return Math.sqrt(s / x.length);
    }
}
