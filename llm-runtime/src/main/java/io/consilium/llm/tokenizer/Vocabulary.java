package io.consilium.llm.tokenizer;

import java.util.List;
import java.util.Objects;

/**
 * Everything a tokenizer needs from a model file, with llama.cpp's defaults already applied.
 *
 * @param model        {@code tokenizer.ggml.model}: "llama" (SentencePiece), "gpt2" (byte-level BPE) or "bert" (WordPiece)
 * @param pre          {@code tokenizer.ggml.pre} (BPE pre-tokenizer), "default" when absent
 * @param tokens       token texts by id
 * @param scores       SentencePiece scores by id (zeros when absent)
 * @param types        {@link TokenType} by id
 * @param merges       BPE merges "left right", in rank order (empty for other models)
 * @param bos          begin-of-sequence id or -1; likewise {@code eos}, {@code eot}, {@code eom}, {@code unk}, {@code sep}, {@code pad}
 * @param addBos       whether encode(addSpecial=true) prepends BOS; {@code addEos} likewise appends EOS
 * @param addSpacePrefix SentencePiece: prepend a space to text that starts the input or follows a special token
 * @param ignoreMerges BPE: a pre-tokenized word that is itself a token is emitted whole (llama3)
 * @param name         {@code general.name} (some vocabs get per-model special-token attributes)
 */
public record Vocabulary(String model, String pre, List<String> tokens, float[] scores, int[] types, List<String> merges,
                         int bos, int eos, int eot, int eom, int unk, int sep, int pad,
                         boolean addBos, boolean addEos, boolean addSpacePrefix, boolean ignoreMerges, String name) {

    public Vocabulary {
        Objects.requireNonNull(model, "model");
        tokens = List.copyOf(tokens);
        merges = merges == null ? List.of() : List.copyOf(merges);
        int n = tokens.size();
        if (scores == null) {
            scores = new float[n];
        }
        if (types == null) {
            types = new int[n];
            java.util.Arrays.fill(types, TokenType.NORMAL);
        }
        if (scores.length != n || types.length != n) {
            throw new IllegalArgumentException("scores/types length differ from the " + n + " tokens");
        }
        pre = pre == null || pre.isEmpty() ? "default" : pre;
        name = name == null ? "" : name;
    }

    public int size() {
        return tokens.size();
    }
}
