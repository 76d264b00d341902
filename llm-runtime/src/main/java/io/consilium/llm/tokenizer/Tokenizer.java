package io.consilium.llm.tokenizer;

/**
 * Text ↔ token ids for one model vocabulary. Implementations are immutable and thread-safe.
 */
public interface Tokenizer {

    /**
     * @param addSpecial   add BOS/EOS as the vocab's add_bos/add_eos flags say
     * @param parseSpecial recognise control-token text such as {@code <|im_start|>} in {@code text};
     *                     user-defined tokens are always recognised, as in llama.cpp
     */
    int[] encode(String text, boolean addSpecial, boolean parseSpecial);

    /** Plain text, no BOS/EOS, special-token text treated as text. */
    default int[] encode(String text) {
        return encode(text, false, false);
    }

    /**
     * The text of the ids: their byte pieces concatenated and decoded as UTF-8 once (so characters
     * split over several tokens come out whole). Control tokens appear as their text; the space a
     * SentencePiece vocab prefixes to the input is removed again.
     */
    String decode(int[] ids);

    /** Like {@link #decode(int[])}, but control and unknown tokens render as nothing when {@code renderSpecial} is false. */
    String decode(int[] ids, boolean renderSpecial);

    /** The raw bytes a token stands for (what streaming output appends); empty for unused ids. */
    byte[] tokenBytes(int id);

    int vocabSize();

    /** Begin-of-sequence id, or -1. */
    int bos();

    /** End-of-sequence id, or -1. */
    int eos();

    /** Whether generating {@code id} ends the turn: EOS, EOT, EOM and tokens such as {@code <|im_end|>}. */
    boolean isEog(int id);

    /** The vocab's text for the token (e.g. "▁the", "Ġthe", "<0x0A>", "<|im_end|>"). */
    String piece(int id);

    /** Whether the token is a control token (BOS, EOS, chat markers). */
    boolean isControl(int id);

    /** The vocab this tokenizer was built from. */
    Vocabulary vocabulary();
}
