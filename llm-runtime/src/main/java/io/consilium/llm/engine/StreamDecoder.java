package io.consilium.llm.engine;

import io.consilium.llm.tokenizer.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Turns generated tokens into text incrementally: bytes accumulate and only complete UTF-8 characters are
 * released, so a character split over byte tokens comes out whole. The first token is decoded by the tokenizer
 * itself so a SentencePiece leading space is dropped the same way a full decode would. Control tokens add
 * nothing, except the ones the request shows (a tool format's markers, which its call parser reads).
 */
final class StreamDecoder {
    private final Tokenizer tokenizer;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final StringBuilder text = new StringBuilder();
    private final Set<Integer> shown;
    private boolean first = true;

    StreamDecoder(Tokenizer tokenizer) {
        this(tokenizer, Set.of());
    }

    StreamDecoder(Tokenizer tokenizer, Set<Integer> shown) {
        this.tokenizer = tokenizer;
        this.shown = shown;
    }

    /** Adds a token and returns the newly completed text. */
    String push(int id) {
        byte[] b = shown.contains(id) ? tokenizer.tokenBytes(id)
                : first ? tokenizer.decode(new int[] {id}, false).getBytes(StandardCharsets.UTF_8)
                : tokenizer.isControl(id) ? new byte[0] : tokenizer.tokenBytes(id);
        first = false;
        pending.writeBytes(b);
        byte[] all = pending.toByteArray();
        int complete = completePrefix(all);
        String out = new String(all, 0, complete, StandardCharsets.UTF_8);
        pending.reset();
        pending.write(all, complete, all.length - complete);
        text.append(out);
        return out;
    }

    /** Text released so far plus any incomplete tail, as it would decode now. */
    String text() {
        return text + new String(pending.toByteArray(), StandardCharsets.UTF_8);
    }

    /** Length of the longest prefix that does not end inside a UTF-8 sequence. */
    static int completePrefix(byte[] b) {
        int n = b.length;
        int i = n - 1;
        int back = 0;
        while (i >= 0 && back < 4 && (b[i] & 0xC0) == 0x80) {
            i--;
            back++;
        }
        if (i < 0) {
            return n;
        }
        int lead = b[i] & 0xFF;
        int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return n - i >= need ? n : i;
    }
}
