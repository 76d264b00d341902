package io.consilium.llm.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns generated token ids into text as they arrive, for streaming: a character whose UTF-8 bytes
 * are spread over several tokens (byte-fallback or byte-level pieces) is released only once it is
 * complete, so the concatenated output equals {@link Tokenizer#decode(int[], boolean)} of all ids.
 * One instance per sequence; not thread-safe.
 */
public final class TokenTextStream {
    private final Tokenizer tokenizer;
    private final boolean renderSpecial;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean first = true;

    public TokenTextStream(Tokenizer tokenizer, boolean renderSpecial) {
        this.tokenizer = tokenizer;
        this.renderSpecial = renderSpecial;
    }

    /** The text completed by this token; empty while a character is still incomplete. */
    public String push(int id) {
        boolean special = tokenizer.isControl(id) || (tokenizer.vocabulary().types()[id] == TokenType.UNKNOWN);
        if (special && !renderSpecial) {
            return "";
        }
        byte[] p = tokenizer.tokenBytes(id);
        int from = 0;
        if (first && tokenizer.vocabulary().addSpacePrefix() && id != tokenizer.bos()) {
            from = p.length > 0 && p[0] == ' ' ? 1 : 0; // the space SentencePiece put in front of the input
            first = false;
        }
        pending.write(p, from, p.length - from);
        return drainComplete();
    }

    /** Whatever is still pending, with incomplete characters replaced by U+FFFD. */
    public String flush() {
        String s = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        return s;
    }

    private String drainComplete() {
        byte[] b = pending.toByteArray();
        int cut = completePrefix(b);
        if (cut == 0) {
            return "";
        }
        pending.reset();
        pending.write(b, cut, b.length - cut);
        return new String(b, 0, cut, StandardCharsets.UTF_8);
    }

    /** Length of the longest prefix that does not end inside a (still completable) UTF-8 sequence. */
    static int completePrefix(byte[] b) {
        int n = b.length;
        // look back at most 3 bytes for the start of a multi-byte sequence
        for (int i = n - 1; i >= Math.max(0, n - 4); i--) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                return n; // ASCII: everything before and including it is complete
            }
            if (c >= 0xC0) {
                int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
                return n - i >= need ? n : i; // hold back an unfinished sequence
            }
        }
        return n; // only continuation bytes: invalid, release them (decoded as U+FFFD)
    }
}
