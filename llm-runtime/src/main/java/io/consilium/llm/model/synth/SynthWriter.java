package io.consilium.llm.model.synth;

import static io.consilium.llm.model.TensorNames.*;

import io.consilium.llm.LlmUserError;
import io.consilium.llm.gguf.GgmlType;
import io.consilium.llm.gguf.GgufValueType;
import io.consilium.llm.gguf.GgufWriter;
import io.consilium.llm.tensor.ComputePool;
import io.consilium.llm.tensor.Quantizer;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a synthetic GGUF model with random weights (fixed seed) that llama.cpp can load: llama.cpp's metadata
 * keys and tensor names, the llama-spm vocab, and weights scaled so activations stay well-conditioned (matrices
 * have standard deviation 1/√fan-in, norms ≈ 1). Test shapes tie the output projection to the embedding (no
 * {@code output.weight}, as many small models do), which halves the time spent quantizing them. Each tensor's values come from a generator seeded by the seed
 * and the tensor name, and are produced lazily while writing, so a bench model never sits in memory whole.
 */
public final class SynthWriter {
    private final SynthShape s;
    private final WeightMix mix;
    private final long seed;
    private final GgufWriter w = new GgufWriter();
    private final ComputePool pool;

    private SynthWriter(SynthShape s, WeightMix mix, long seed, ComputePool pool) {
        this.s = s;
        this.mix = mix;
        this.seed = seed;
        this.pool = pool;
    }

    public static void write(SynthShape shape, String type, long seed, Path out) {
        WeightMix mix = WeightMix.of(type);
        try (ComputePool pool = ComputePool.ofAvailableCores()) {
            SynthWriter sw = new SynthWriter(shape, mix, seed, pool);
            sw.metadata();
            sw.tensors();
            sw.w.write(out);
        }
    }

    private void metadata() {
        String a = s.arch();
        w.putString("general.architecture", a);
        w.putString("general.name", "consilium-synth-" + s.name() + "-" + mix.name());
        w.putUInt32("general.file_type", mix.fileType());
        w.putUInt32(a + ".context_length", s.context());
        w.putUInt32(a + ".embedding_length", s.nEmbd());
        w.putUInt32(a + ".block_count", s.nLayer());
        w.putUInt32(a + ".feed_forward_length", s.nFf());
        w.putUInt32(a + ".attention.head_count", s.nHead());
        w.putFloat32(a + ".attention.layer_norm_rms_epsilon", 1e-6f);
        w.putFloat32(a + ".rope.freq_base", a.startsWith("qwen") ? 1_000_000f : 10000f);
        w.putUInt32(a + ".vocab_size", SynthVocab.SIZE);
        if (s.moe()) {
            w.putUInt32(a + ".expert_count", s.nExpert());
            w.putUInt32(a + ".expert_used_count", s.nExpertUsed());
            if (!a.equals("llama") && !a.equals("olmoe")) {
                w.putUInt32(a + ".expert_feed_forward_length", s.expertFf());
            }
        }
        if (a.equals("qwen2moe")) {
            w.putUInt32(a + ".expert_shared_feed_forward_length", s.sharedFf());
        }
        if (a.equals("deepseek2")) {
            int kLen = s.nope() + s.rope();
            w.putUInt32(a + ".attention.head_count_kv", 1);
            w.putUInt32(a + ".attention.q_lora_rank", s.qLora());
            w.putUInt32(a + ".attention.kv_lora_rank", s.kvLora());
            w.putUInt32(a + ".attention.key_length", s.kvLora() + s.rope());
            w.putUInt32(a + ".attention.value_length", s.kvLora());
            w.putUInt32(a + ".attention.key_length_mla", kLen);
            w.putUInt32(a + ".attention.value_length_mla", s.vDim());
            w.putUInt32(a + ".rope.dimension_count", s.rope());
            w.putUInt32(a + ".leading_dense_block_count", s.leadingDense());
            w.putUInt32(a + ".expert_shared_count", s.sharedFf() / s.expertFf());
            w.putFloat32(a + ".expert_weights_scale", 2.5f);
            w.put(a + ".expert_weights_norm", GgufValueType.BOOL, true);
            w.putUInt32(a + ".expert_gating_func", 2);
            if (s.nGroup() > 1) {
                w.putUInt32(a + ".expert_group_count", s.nGroup());
                w.putUInt32(a + ".expert_group_used_count", s.nGroupUsed());
            }
            if (s.yarnFactor() > 1f) {
                w.putString(a + ".rope.scaling.type", "yarn");
                w.putFloat32(a + ".rope.scaling.factor", s.yarnFactor());
                w.putUInt32(a + ".rope.scaling.original_context_length", s.context() / 4);
                w.putFloat32(a + ".rope.scaling.yarn_log_multiplier", 0.0707f);
            }
        } else {
            w.putUInt32(a + ".attention.head_count_kv", s.nHeadKv());
            w.putUInt32(a + ".rope.dimension_count", s.headDim());
        }
        SynthVocab.copyInto(w);
    }

    private void tensors() {
        int d = s.nEmbd();
        int v = SynthVocab.SIZE;
        matrix(TOKEN_EMBD, d, v, s.tiedOutput() ? 2f : 1f, -1);
        vector(OUTPUT_NORM, d, 1f, 0.1f);
        if (!s.tiedOutput()) {
            matrix(OUTPUT, d, v, 2f, -1);
        }
        for (int l = 0; l < s.nLayer(); l++) {
            vector(weight(l, ATTN_NORM), d, 1f, 0.1f);
            if (s.arch().equals("deepseek2")) {
                mla(l);
            } else {
                gqa(l);
            }
            vector(weight(l, FFN_NORM), d, 1f, 0.1f);
            boolean moeLayer = s.moe() && l >= s.leadingDense();
            if (!moeLayer) {
                ffn(l, FFN_GATE, FFN_UP, FFN_DOWN, s.nFf());
                continue;
            }
            int e = s.nExpert();
            int ff = s.expertFf();
            matrixF32(weight(l, FFN_GATE_INP), d, e);
            if (s.arch().equals("deepseek2")) {
                vector(bias(l, EXP_PROBS_B), e, 0f, 0.05f);
            }
            tensor(weight(l, FFN_GATE_EXPS), new long[] {d, ff, e}, 1f, l);
            tensor(weight(l, FFN_UP_EXPS), new long[] {d, ff, e}, 1f, l);
            tensor(weight(l, FFN_DOWN_EXPS), new long[] {ff, d, e}, 1f, l);
            if (s.sharedFf() > 0) {
                ffn(l, FFN_GATE_SHEXP, FFN_UP_SHEXP, FFN_DOWN_SHEXP, s.sharedFf());
            }
            if (s.arch().equals("qwen2moe")) {
                vector(weight(l, FFN_GATE_INP_SHEXP), d, 0f, (float) Math.sqrt(3.0 / d));
            }
        }
    }

    private void gqa(int l) {
        int d = s.nEmbd();
        int hd = s.headDim();
        int q = s.nHead() * hd;
        int kv = s.nHeadKv() * hd;
        matrix(weight(l, ATTN_Q), d, q, 1f, l);
        matrix(weight(l, ATTN_K), d, kv, 1f, l);
        matrix(weight(l, ATTN_V), d, kv, 1f, l);
        matrix(weight(l, ATTN_OUTPUT), q, d, 1f, l);
        if (s.arch().equals("qwen2") || s.arch().equals("qwen2moe")) {
            vector(bias(l, ATTN_Q), q, 0f, 0.1f);
            vector(bias(l, ATTN_K), kv, 0f, 0.1f);
            vector(bias(l, ATTN_V), kv, 0f, 0.1f);
        }
        if (s.arch().startsWith("qwen3")) {
            vector(weight(l, ATTN_Q_NORM), hd, 1f, 0.1f);
            vector(weight(l, ATTN_K_NORM), hd, 1f, 0.1f);
        } else if (s.arch().equals("olmoe")) {
            vector(weight(l, ATTN_Q_NORM), q, 1f, 0.1f);
            vector(weight(l, ATTN_K_NORM), kv, 1f, 0.1f);
        }
    }

    private void mla(int l) {
        int d = s.nEmbd();
        int h = s.nHead();
        int qDim = h * (s.nope() + s.rope());
        if (s.qLora() > 0) {
            matrix(weight(l, ATTN_Q_A), d, s.qLora(), 1f, l);
            vector(weight(l, ATTN_Q_A_NORM), s.qLora(), 1f, 0.1f);
            matrix(weight(l, ATTN_Q_B), s.qLora(), qDim, 1f, l);
        } else {
            matrix(weight(l, ATTN_Q), d, qDim, 1f, l);
        }
        matrix(weight(l, ATTN_KV_A_MQA), d, s.kvLora() + s.rope(), 1f, l);
        vector(weight(l, ATTN_KV_A_NORM), s.kvLora(), 1f, 0.1f);
        tensor(weight(l, ATTN_K_B), new long[] {s.nope(), s.kvLora(), h}, 1f, l);
        tensor(weight(l, ATTN_V_B), new long[] {s.kvLora(), s.vDim(), h}, 1f, l);
        matrix(weight(l, ATTN_OUTPUT), h * s.vDim(), d, 1f, l);
    }

    private void ffn(int l, String gate, String up, String down, int ff) {
        int d = s.nEmbd();
        matrix(weight(l, gate), d, ff, 1f, l);
        matrix(weight(l, up), d, ff, 1f, l);
        matrix(weight(l, down), ff, d, 1f, l);
    }

    private void matrix(String name, int cols, int rows, float gain, int layer) {
        tensor(name, new long[] {cols, rows}, gain, layer);
    }

    /** Router matrices stay F32, as llama.cpp's quantizer leaves ffn_gate_inp alone. */
    private void matrixF32(String name, int cols, int rows) {
        float a = (float) Math.sqrt(3.0 / cols);
        long[] shape = {cols, rows};
        w.addTensor(name, GgmlType.F32, shape, () -> Quantizer.quantize(GgmlType.F32, uniform(name, count(shape),
                0f, a)));
    }

    private void tensor(String name, long[] shape, float gain, int layer) {
        GgmlType type = mix.typeFor(name, (int) shape[0], layer, s.nLayer());
        float a = gain * (float) Math.sqrt(3.0 / shape[0]);
        w.addTensor(name, type, shape, () -> quantizeRows(type, uniform(name, count(shape), 0f, a), (int) shape[0]));
    }

    /** Quantizes row by row on the pool: K-quant block searches are slow and rows are independent. */
    private byte[] quantizeRows(GgmlType type, float[] src, int cols) {
        int rows = src.length / cols;
        long rowBytes = type.bytesFor(cols);
        byte[] out = new byte[Math.toIntExact(rowBytes * rows)];
        MemorySegment dst = MemorySegment.ofArray(out);
        pool.parallelFor(rows, 64, (r0, r1) ->
                Quantizer.quantize(type, src, r0 * cols, (r1 - r0) * cols, dst, r0 * rowBytes));
        return out;
    }

    /** A 1-D F32 tensor: center ± spread, uniformly. */
    private void vector(String name, int n, float center, float spread) {
        w.addTensor(name, GgmlType.F32, new long[] {n},
                () -> Quantizer.quantize(GgmlType.F32, uniform(name, n, center, spread)));
    }

    private float[] uniform(String name, long n, float center, float spread) {
        if (n > Integer.MAX_VALUE - 16) {
            throw new LlmUserError("synthetic tensor " + name + " is too large");
        }
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ name.hashCode());
        float[] out = new float[(int) n];
        for (int i = 0; i < out.length; i++) {
            out[i] = center + spread * (float) (2 * r.nextDouble() - 1);
        }
        return out;
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long x : shape) {
            n *= x;
        }
        return n;
    }

    /** Types accepted by {@code --type}. */
    public static List<String> types() {
        return WeightMix.NAMES;
    }
}
