package io.consilium.llm.model.deepseek2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.llm.gguf.GgmlType;
import io.consilium.llm.gguf.GgufFile;
import io.consilium.llm.model.LoadedModel;
import io.consilium.llm.model.ModelLoader;
import io.consilium.llm.model.block.Compute;
import io.consilium.llm.model.synth.SynthShape;
import io.consilium.llm.model.synth.SynthWriter;
import io.consilium.llm.tensor.ComputePool;
import io.consilium.llm.tensor.Kernels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Older DeepSeek GGUFs carry one {@code attn_kv_b} instead of {@code attn_k_b}/{@code attn_v_b} and no
 * key_length_mla/value_length_mla keys. The same model rewritten in that layout must give the same logits.
 */
class LegacyKvBTest {
    @TempDir
    Path dir;

    @Test
    void legacyLayoutGivesTheSameLogitsAsTheSplitOne() {
        SynthShape s = SynthShape.of("deepseek2", "test");
        Path split = dir.resolve("split.gguf");
        SynthWriter.write(s, "F32", 9, split);
        Path legacy = dir.resolve("legacy.gguf");
        LegacyMlaLayout.convert(split, legacy);
        assertArrayEquals(logits(split), logits(legacy), 1e-4f);
    }

    @Test
    void quantizedFilesKeepTheirTypeAndCarryTheKeysOldLlamaCppRequires() {
        SynthShape s = SynthShape.of("deepseek2", "test");
        Path split = dir.resolve("split-q8.gguf");
        SynthWriter.write(s, "Q8_0", 9, split);
        Path legacy = dir.resolve("legacy-q8.gguf");
        LegacyMlaLayout.convert(split, legacy);
        try (GgufFile f = GgufFile.open(legacy)) {
            assertEquals(GgmlType.Q8_0, f.tensor("blk.0.attn_kv_b.weight").type());
            assertTrue(f.tensors().stream().noneMatch(t -> t.name().contains("attn_k_b") || t.name().contains("attn_v_b")));
            assertTrue(f.metadata().keys().contains("deepseek2.rope.scaling.yarn_log_multiplier"));
            assertFalse(f.metadata().keys().contains("deepseek2.attention.key_length_mla"));
            assertEquals(s.nope() + s.rope(), ((Number) f.metadata().get("deepseek2.attention.key_length").orElseThrow()).intValue());
        }
        // W_UK is stored transposed in attn_kv_b, so its Q8_0 blocks are regrouped and rounded again: the logits
        // move by one more quantization step, within the tolerance the quantized reference tests allow
        float[] a = logits(split);
        float[] b = logits(legacy);
        float max = 0;
        for (float x : a) {
            max = Math.max(max, Math.abs(x));
        }
        assertArrayEquals(a, b, 3e-2f * max);
    }

    private static float[] logits(Path p) {
        try (LoadedModel lm = ModelLoader.load(p); ComputePool pool = new ComputePool(2)) {
            Compute c = new Compute(Kernels.create(pool), pool);
            int[] toks = {1, 450, 4996, 17354, 1701};
            var st = lm.model().newSequence(16);
            lm.model().forward(c, st, toks, 0, 4, false);
            return lm.model().forward(c, st, toks, 4, 1, false);
        }
    }
}
