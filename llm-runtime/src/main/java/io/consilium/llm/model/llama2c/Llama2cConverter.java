package io.consilium.llm.model.llama2c;

import io.consilium.llm.LlmUserError;
import io.consilium.llm.gguf.GgmlType;
import io.consilium.llm.gguf.GgufValueType;
import io.consilium.llm.gguf.GgufWriter;
import io.consilium.llm.model.TensorNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts a llama2.c checkpoint (legacy 7-int header, or the "ak42" version-1 export) and its tokenizer.bin to a
 * GGUF llama model with a SentencePiece-style vocab. llama2.c rotates adjacent pairs, which is llama.cpp's normal
 * rope mode, so the q/k weights need no permutation; a positive vocab size in the header means the classifier
 * shares the embedding, which GGUF expresses by omitting {@code output.weight}.
 */
public final class Llama2cConverter {
    private static final int MAGIC_V1 = 0x616b3432;
    private static final int TYPE_NORMAL = 1;
    private static final int TYPE_UNKNOWN = 2;
    private static final int TYPE_CONTROL = 3;
    private static final int TYPE_BYTE = 6;

    /** Header hyperparameters of a llama2.c checkpoint. */
    public record Params(int dim, int hiddenDim, int nLayers, int nHeads, int nKvHeads, int vocabSize, int seqLen,
                         boolean sharedClassifier) {
    }

    private Llama2cConverter() {
    }

    public static Params convert(Path checkpoint, Path tokenizer, Path out, String name) {
        ByteBuffer ckpt = read(checkpoint);
        Params p;
        if (ckpt.remaining() >= 8 && ckpt.getInt(0) == MAGIC_V1) {
            if (ckpt.getInt(4) != 1) {
                throw new LlmUserError("checkpoint " + checkpoint + " has llama2.c export version " + ckpt.getInt(4)
                        + "; only the legacy format and version 1 (fp32) are supported");
            }
            ckpt.position(8);
            p = header(ckpt, checkpoint);
            boolean shared = ckpt.get(8 + 28) != 0;
            p = new Params(p.dim, p.hiddenDim, p.nLayers, p.nHeads, p.nKvHeads, p.vocabSize, p.seqLen, shared);
            ckpt.position(256);
        } else {
            p = header(ckpt, checkpoint);
        }
        FloatBuffer f = ckpt.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        int d = p.dim;
        int hs = d / p.nHeads;
        int kv = p.nKvHeads * hs;
        int v = p.vocabSize;
        int l = p.nLayers;
        int h = p.hiddenDim;
        long need = (long) v * d + 2L * l * d + d + (long) l * d * (2L * d + 2L * kv + 3L * h)
                + (p.sharedClassifier ? 0 : (long) v * d) + (ckpt.getInt(0) == MAGIC_V1 ? 0 : (long) p.seqLen * hs);
        if (f.remaining() < need) {
            throw new LlmUserError("checkpoint " + checkpoint + " is truncated: its header needs " + need
                    + " floats of weights, the file has " + f.remaining());
        }
        boolean v1 = ckpt.getInt(0) == MAGIC_V1;
        float[] embd;
        float[] attNorm;
        float[] ffnNorm;
        float[] finalNorm;
        if (v1) {
            attNorm = take(f, l * d);
            ffnNorm = take(f, l * d);
            finalNorm = take(f, d);
            embd = take(f, v * d);
        } else {
            embd = take(f, v * d);
            attNorm = take(f, l * d);
            ffnNorm = null;
            finalNorm = null;
        }
        float[] wq = take(f, l * d * d);
        float[] wk = take(f, l * kv * d);
        float[] wv = take(f, l * kv * d);
        float[] wo = take(f, l * d * d);
        if (!v1) {
            ffnNorm = take(f, l * d);
        }
        float[] w1 = take(f, l * h * d);
        float[] w2 = take(f, l * d * h);
        float[] w3 = take(f, l * h * d);
        float[] cls = null;
        if (!v1) {
            finalNorm = take(f, d);
            f.position(f.position() + p.seqLen * hs); // freq_cis_real and freq_cis_imag: recomputed from theta
            if (!p.sharedClassifier) {
                cls = take(f, v * d);
            }
        } else if (!p.sharedClassifier) {
            cls = take(f, v * d);
        }

        GgufWriter w = new GgufWriter();
        w.putString("general.architecture", "llama");
        w.putString("general.name", name);
        w.putUInt32("llama.context_length", p.seqLen);
        w.putUInt32("llama.embedding_length", d);
        w.putUInt32("llama.block_count", l);
        w.putUInt32("llama.feed_forward_length", h);
        w.putUInt32("llama.rope.dimension_count", hs);
        w.putUInt32("llama.attention.head_count", p.nHeads);
        w.putUInt32("llama.attention.head_count_kv", p.nKvHeads);
        w.putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        w.putFloat32("llama.rope.freq_base", 10000f);
        vocab(w, tokenizer, v);
        add(w, TensorNames.TOKEN_EMBD, embd, 0, d, v);
        add(w, TensorNames.OUTPUT_NORM, finalNorm, 0, d);
        if (cls != null) {
            add(w, TensorNames.OUTPUT, cls, 0, d, v);
        }
        for (int i = 0; i < l; i++) {
            add(w, TensorNames.weight(i, TensorNames.ATTN_NORM), attNorm, i * d, d);
            add(w, TensorNames.weight(i, TensorNames.ATTN_Q), wq, i * d * d, d, d);
            add(w, TensorNames.weight(i, TensorNames.ATTN_K), wk, i * kv * d, d, kv);
            add(w, TensorNames.weight(i, TensorNames.ATTN_V), wv, i * kv * d, d, kv);
            add(w, TensorNames.weight(i, TensorNames.ATTN_OUTPUT), wo, i * d * d, d, d);
            add(w, TensorNames.weight(i, TensorNames.FFN_NORM), ffnNorm, i * d, d);
            add(w, TensorNames.weight(i, TensorNames.FFN_GATE), w1, i * h * d, d, h);
            add(w, TensorNames.weight(i, TensorNames.FFN_DOWN), w2, i * d * h, h, d);
            add(w, TensorNames.weight(i, TensorNames.FFN_UP), w3, i * h * d, d, h);
        }
        w.write(out);
        return p;
    }

    private static Params header(ByteBuffer b, Path file) {
        if (b.remaining() < 28) {
            throw new LlmUserError("checkpoint " + file + " is too short for a llama2.c header");
        }
        int dim = b.getInt();
        int hidden = b.getInt();
        int layers = b.getInt();
        int heads = b.getInt();
        int kvHeads = b.getInt();
        int vocab = b.getInt();
        int seq = b.getInt();
        boolean shared = vocab > 0;
        vocab = Math.abs(vocab);
        if (dim <= 0 || hidden <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || vocab == 0 || seq <= 0
                || dim % heads != 0 || heads % kvHeads != 0 || dim > 65536 || hidden > 1 << 20 || layers > 1024
                || vocab > 1 << 22 || seq > 1 << 22) {
            throw new LlmUserError("checkpoint " + file + " does not start with a plausible llama2.c header (dim "
                    + dim + ", hidden " + hidden + ", layers " + layers + ", heads " + heads + "/" + kvHeads
                    + ", vocab " + vocab + ", seq " + seq + ")");
        }
        return new Params(dim, hidden, layers, heads, kvHeads, vocab, seq, shared);
    }

    /** llama2.c's tokenizer.bin: max_token_length, then per token {float score, int len, bytes}. */
    private static void vocab(GgufWriter w, Path tokenizer, int vocabSize) {
        ByteBuffer b = read(tokenizer);
        List<String> tokens = new ArrayList<>(vocabSize);
        float[] scores = new float[vocabSize];
        int[] types = new int[vocabSize];
        try {
            b.getInt();
            for (int i = 0; i < vocabSize; i++) {
                scores[i] = b.getFloat();
                int len = b.getInt();
                if (len < 0 || len > b.remaining()) {
                    throw new LlmUserError("tokenizer " + tokenizer + " is corrupt at token " + i);
                }
                byte[] bytes = new byte[len];
                b.get(bytes);
                String piece = new String(bytes, StandardCharsets.UTF_8);
                if (i == 0) {
                    tokens.add("<unk>");
                    types[i] = TYPE_UNKNOWN;
                } else if (i == 1) {
                    tokens.add("<s>");
                    types[i] = TYPE_CONTROL;
                } else if (i == 2) {
                    tokens.add("</s>");
                    types[i] = TYPE_CONTROL;
                } else if (piece.length() == 6 && piece.startsWith("<0x") && piece.endsWith(">")) {
                    tokens.add(piece);
                    types[i] = TYPE_BYTE;
                } else {
                    tokens.add(piece.replace(' ', '\u2581'));
                    types[i] = TYPE_NORMAL;
                }
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new LlmUserError("tokenizer " + tokenizer + " holds fewer than the checkpoint's " + vocabSize
                    + " tokens");
        }
        w.putString("tokenizer.ggml.model", "llama");
        w.putStringArray("tokenizer.ggml.tokens", tokens);
        w.putFloat32Array("tokenizer.ggml.scores", scores);
        w.putInt32Array("tokenizer.ggml.token_type", types);
        w.putUInt32("tokenizer.ggml.unknown_token_id", 0);
        w.putUInt32("tokenizer.ggml.bos_token_id", 1);
        w.putUInt32("tokenizer.ggml.eos_token_id", 2);
        w.put("tokenizer.ggml.add_bos_token", GgufValueType.BOOL, true);
        w.put("tokenizer.ggml.add_eos_token", GgufValueType.BOOL, false);
    }

    private static void add(GgufWriter w, String name, float[] src, int off, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        ByteBuffer bb = ByteBuffer.allocate((int) n * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(src, off, (int) n);
        w.addTensor(name, GgmlType.F32, shape, bb.array());
    }

    private static float[] take(FloatBuffer f, int n) {
        float[] out = new float[n];
        f.get(out);
        return out;
    }

    private static ByteBuffer read(Path p) {
        try {
            return ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        } catch (NoSuchFileException e) {
            throw new LlmUserError("file " + p + " does not exist");
        } catch (IOException e) {
            throw new LlmUserError("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
