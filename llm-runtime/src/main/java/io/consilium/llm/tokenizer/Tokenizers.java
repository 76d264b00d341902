package io.consilium.llm.tokenizer;

import io.consilium.llm.LlmUserError;
import io.consilium.llm.gguf.GgufFile;
import io.consilium.llm.gguf.GgufMetadata;
import java.util.List;

/**
 * Builds the tokenizer a GGUF file describes ({@code tokenizer.ggml.*} keys), applying llama.cpp's
 * defaults for missing keys: special ids per model type, add_bos/add_eos per model and
 * pre-tokenizer, add_space_prefix for SentencePiece, ignore_merges for llama3-style vocabs.
 */
public final class Tokenizers {
    private static final String P = "tokenizer.ggml.";

    private Tokenizers() {
    }

    public static Tokenizer fromGguf(GgufFile file) {
        return fromMetadata(file.metadata(), file.path().toString());
    }

    /** @param source names the file in error messages */
    public static Tokenizer fromMetadata(GgufMetadata md, String source) {
        return create(vocabulary(md, source));
    }

    public static Tokenizer create(Vocabulary v) {
        return switch (v.model()) {
            case "llama" -> new SpmTokenizer(v);
            case "gpt2" -> new BpeTokenizer(v);
            case "bert" -> new WpmTokenizer(v);
            default -> throw new LlmUserError("unsupported tokenizer model '" + v.model() + "' (supported: llama, gpt2, bert)");
        };
    }

    public static Vocabulary vocabulary(GgufMetadata md, String source) {
        if (!md.has(P + "model")) {
            throw new LlmUserError(source + ": metadata key 'tokenizer.ggml.model' is missing; the file has no tokenizer");
        }
        String model = md.getString(P + "model");
        String pre = md.getString(P + "pre", "");
        // llama.cpp's defaults by model type: bos, eos, unk, sep, pad
        int[] d = switch (model) {
            case "llama" -> new int[] {1, 2, 0, -1, -1};
            case "bert" -> new int[] {101, -1, 100, 102, 0};
            case "gpt2" -> new int[] {11, 11, -1, -1, -1};
            default -> throw new LlmUserError(source + ": unsupported tokenizer.ggml.model '" + model
                    + "' (supported: llama = SentencePiece, gpt2 = byte-level BPE, bert = WordPiece)");
        };
        boolean addBos = !model.equals("gpt2");
        boolean addSpacePrefix = model.equals("llama");
        boolean ignoreMerges = false;
        if (model.equals("gpt2")) {
            PreTokenizer.forName(pre); // fail early, naming the key, on an unknown pre-tokenizer
            switch (pre) {
                case "llama3", "llama-v3", "llama-bpe", "falcon3", "tekken" -> {
                    ignoreMerges = true;
                    addBos = true;
                }
                case "chameleon" -> addBos = true;
                case "chatglm-bpe" -> d[0] = -1;
                default -> { }
            }
        }
        List<String> tokens = md.getStringArray(P + "tokens");
        int n = tokens.size();
        float[] scores = md.has(P + "scores") ? md.getFloatArray(P + "scores") : null;
        int[] types = md.has(P + "token_type") ? md.getIntArray(P + "token_type") : null;
        if ((scores != null && scores.length != n) || (types != null && types.length != n)) {
            throw new LlmUserError(source + ": tokenizer.ggml.scores/token_type have a different length than the "
                    + n + " tokenizer.ggml.tokens");
        }
        List<String> merges = model.equals("gpt2") ? requireMerges(md, source) : List.of();
        // llama.cpp names empty tokens so that they stay distinct
        List<String> named = java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> tokens.get(i).isEmpty() ? "[EMPTY_" + i + "]" : tokens.get(i)).toList();
        return new Vocabulary(model, pre, named, scores, types, merges,
                id(md, "bos_token_id", d[0], n), id(md, "eos_token_id", d[1], n),
                id(md, "eot_token_id", -1, n), id(md, "eom_token_id", -1, n),
                id(md, "unknown_token_id", d[2], n), id(md, "seperator_token_id", d[3], n),
                id(md, "padding_token_id", d[4], n),
                md.getBoolean(P + "add_bos_token", addBos), md.getBoolean(P + "add_eos_token", false),
                md.getBoolean(P + "add_space_prefix", addSpacePrefix), ignoreMerges,
                md.getString("general.name", ""));
    }

    private static List<String> requireMerges(GgufMetadata md, String source) {
        if (!md.has(P + "merges")) {
            throw new LlmUserError(source + ": metadata key 'tokenizer.ggml.merges' is missing; a gpt2 (BPE) vocab needs it");
        }
        return md.getStringArray(P + "merges");
    }

    /** A special id key; like llama.cpp, an out-of-range value keeps the default. */
    private static int id(GgufMetadata md, String key, int def, int n) {
        if (!md.has(P + key)) {
            return def;
        }
        long v = md.getLong(P + key);
        return v >= 0 && v < n ? (int) v : def;
    }
}
