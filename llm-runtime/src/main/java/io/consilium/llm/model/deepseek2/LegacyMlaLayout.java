package io.consilium.llm.model.deepseek2;

import io.consilium.llm.LlmUserError;
import io.consilium.llm.gguf.GgmlType;
import io.consilium.llm.gguf.GgufFile;
import io.consilium.llm.gguf.GgufMetadata;
import io.consilium.llm.gguf.GgufTensorInfo;
import io.consilium.llm.gguf.GgufWriter;
import io.consilium.llm.tensor.Dequantizer;
import io.consilium.llm.tensor.Quantizer;
import java.nio.file.Path;

/**
 * Rewrites a deepseek2 file from the split {@code attn_k_b}/{@code attn_v_b} layout of current llama.cpp conversions
 * to the legacy one ({@code attn_kv_b}, key/value lengths and kv head count of the expanded heads, no {@code *_mla} keys, and the
 * {@code rope.scaling.yarn_log_multiplier} key and {@code output.weight} tensor older llama.cpp builds require). Only the two per-head matrices are
 * re-encoded (in their own type); every other tensor is copied byte for byte. Exists so a llama.cpp build that
 * predates the split layout can run the same model side by side.
 */
public final class LegacyMlaLayout {
    private static final String A = Deepseek2Architecture.NAME;

    private LegacyMlaLayout() {
    }

    public static void convert(Path split, Path legacy) {
        try (GgufFile f = GgufFile.open(split)) {
            GgufMetadata md = f.metadata();
            if (!md.keys().contains("general.architecture") || !A.equals(md.get("general.architecture").orElseThrow())
                    || !md.keys().contains(A + ".attention.key_length_mla")) {
                throw new LlmUserError(split + " is not a deepseek2 file in the split attn_k_b/attn_v_b layout");
            }
            int nHead = intKey(md, A + ".attention.head_count");
            int lora = intKey(md, A + ".attention.kv_lora_rank");
            int rope = intKey(md, A + ".rope.dimension_count");
            int nope = intKey(md, A + ".attention.key_length_mla") - rope;
            int vDim = intKey(md, A + ".attention.value_length_mla");
            GgufWriter w = new GgufWriter();
            for (String k : md.keys()) {
                if (!k.endsWith("_mla") && !k.equals(A + ".attention.key_length")
                        && !k.equals(A + ".attention.value_length") && !k.equals(A + ".attention.head_count_kv")) {
                    w.put(k, md.type(k).orElseThrow(), md.get(k).orElseThrow());
                }
            }
            w.putUInt32(A + ".attention.key_length", nope + rope);
            w.putUInt32(A + ".attention.value_length", vDim);
            w.putUInt32(A + ".attention.head_count_kv", nHead); // the expanded heads are cached per head there
            if (!md.keys().contains(A + ".rope.scaling.yarn_log_multiplier")) {
                w.putFloat32(A + ".rope.scaling.yarn_log_multiplier", 0f); // neutral without YaRN scaling
            }
            boolean tied = f.tensors().stream().noneMatch(t -> t.name().equals("output.weight"));
            for (GgufTensorInfo t : f.tensors()) {
                String n = t.name();
                if (tied && n.equals("token_embd.weight")) {
                    w.addTensor("output.weight", t.type(), t.shape(), f.data(t)); // older builds require it; same values
                }
                if (n.endsWith(".attn_v_b.weight")) {
                    continue;
                }
                if (!n.endsWith(".attn_k_b.weight")) {
                    w.addTensor(n, t.type(), t.shape(), f.data(t));
                    continue;
                }
                String layer = n.substring(0, n.indexOf(".attn_k_b"));
                float[] kb = floats(f, t);
                float[] vb = floats(f, f.tensor(layer + ".attn_v_b.weight"));
                GgmlType type = lora % t.type().blockSize() == 0 ? t.type() : GgmlType.F32;
                float[] kvb = join(kb, vb, nHead, nope, vDim, lora);
                w.addTensor(layer + ".attn_kv_b.weight", type, new long[] {lora, (long) nHead * (nope + vDim)},
                        Quantizer.quantize(type, kvb));
            }
            w.write(legacy);
        }
    }

    /** Inverse of {@link Deepseek2Architecture#splitKvB}: per head, nope rows of W_UK (transposed back) then vDim rows of W_UV. */
    static float[] join(float[] kb, float[] vb, int nHead, int nope, int v, int lora) {
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

    private static float[] floats(GgufFile f, GgufTensorInfo t) {
        float[] out = new float[Math.toIntExact(t.elementCount())];
        Dequantizer.dequantize(t.type(), f.data(t), 0, out, 0, out.length);
        return out;
    }

    private static int intKey(GgufMetadata md, String key) {
        return ((Number) md.get(key).orElseThrow(() -> new LlmUserError("missing metadata key " + key))).intValue();
    }
}
