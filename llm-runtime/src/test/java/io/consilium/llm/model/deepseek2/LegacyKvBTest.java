package io.consilium.llm.model.deepseek2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.consilium.llm.gguf.GgmlType;
import io.consilium.llm.gguf.GgufFile;
import io.consilium.llm.gguf.GgufMetadata;
import io.consilium.llm.gguf.GgufTensorInfo;
import io.consilium.llm.gguf.GgufWriter;
import io.consilium.llm.model.LoadedModel;
import io.consilium.llm.model.ModelLoader;
import io.consilium.llm.model.block.Compute;
import io.consilium.llm.model.synth.SynthShape;
import io.consilium.llm.model.synth.SynthWriter;
import io.consilium.llm.tensor.ComputePool;
import io.consilium.llm.tensor.Dequantizer;
import io.consilium.llm.tensor.Kernels;
import io.consilium.llm.tensor.Quantizer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Older DeepSeek GGUFs carry one {@code attn_kv_b} instead of {@code attn_k_b}/{@code attn_v_b} and no
 * key_length_mla/value_length_mla keys. Rebuilding a model in that layout must give the same logits.
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
        try (GgufFile f = GgufFile.open(split)) {
            GgufWriter w = new GgufWriter();
            GgufMetadata md = f.metadata();
            for (String k : md.keys()) {
                if (!k.endsWith("_mla") && !k.endsWith(".key_length") && !k.endsWith(".value_length")) {
                    w.put(k, md.type(k).orElseThrow(), md.get(k).orElseThrow());
                }
            }
            w.putUInt32("deepseek2.attention.key_length", s.nope() + s.rope());
            w.putUInt32("deepseek2.attention.value_length", s.vDim());
            for (GgufTensorInfo t : f.tensors()) {
                String n = t.name();
                if (n.endsWith("attn_v_b.weight")) {
                    continue;
                }
                if (n.endsWith("attn_k_b.weight")) {
                    String layer = n.substring(0, n.indexOf(".attn_k_b"));
                    float[] kb = floats(f, t);
                    float[] vb = floats(f, f.tensor(layer + ".attn_v_b.weight"));
                    float[] kvb = kvB(kb, vb, s.nHead(), s.nope(), s.vDim(), s.kvLora());
                    w.addTensor(layer + ".attn_kv_b.weight", GgmlType.F32,
                            new long[] {s.kvLora(), (long) s.nHead() * (s.nope() + s.vDim())},
                            Quantizer.quantize(GgmlType.F32, kvb));
                    continue;
                }
                w.addTensor(n, t.type(), t.shape(), f.data(t));
            }
            w.write(legacy);
        }
        assertArrayEquals(logits(split), logits(legacy), 1e-4f);
    }

    private static float[] floats(GgufFile f, GgufTensorInfo t) {
        float[] out = new float[(int) t.elementCount()];
        Dequantizer.dequantize(t.type(), f.data(t), 0, out, 0, out.length);
        return out;
    }

    /** Inverse of the split: per head nope rows of W_UK (transposed back) then vDim rows of W_UV. */
    private static float[] kvB(float[] kb, float[] vb, int nHead, int nope, int v, int lora) {
        float[] out = new float[nHead * (nope + v) * lora];
        for (int h = 0; h < nHead; h++) {
            int base = h * (nope + v);
            for (int j = 0; j < nope; j++) {
                for (int c = 0; c < lora; c++) {
                    out[(base + j) * lora + c] = kb[(h * lora + c) * nope + j];
                }
            }
            System.arraycopy(vb, h * v * lora, out, (base + nope) * lora, v * lora);
        }
        return out;
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
