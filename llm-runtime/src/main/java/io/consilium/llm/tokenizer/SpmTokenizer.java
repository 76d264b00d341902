package io.consilium.llm.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * SentencePiece-style tokenizer ({@code tokenizer.ggml.model = llama}) as llama.cpp runs it: spaces
 * become '▁', a space is prefixed to text that starts the input or follows a special token, then
 * adjacent symbols are merged greedily by the score of the token they form (ties: leftmost first),
 * and what never became a token falls back to {@code <0xXX>} byte tokens.
 */
final class SpmTokenizer extends BaseTokenizer {
    private final int[] byteTokens = new int[256];

    SpmTokenizer(Vocabulary vocab) {
        super(vocab);
        for (int b = 0; b < 256; b++) {
            int id = id(String.format("<0x%02X>", b));
            if (id < 0 && b < 128) {
                id = id(String.valueOf((char) b));
            }
            byteTokens[b] = id >= 0 ? id : vocab.unk();
        }
    }

    @Override
    protected void encodeFragments(List<SpecialTokenSplitter.Fragment> frags, IntArray out) {
        boolean prevSpecial = true;
        for (SpecialTokenSplitter.Fragment f : frags) {
            if (f.isText()) {
                String text = vocab.addSpacePrefix() && prevSpecial ? " " + f.text() : f.text();
                encodeText(text, out);
                prevSpecial = false;
            } else {
                out.add(f.token());
                prevSpecial = true;
            }
        }
    }

    @Override
    protected void encodeText(String raw, IntArray out) {
        new Session(raw.replace(' ', '\u2581'), out).run();
    }

    @Override
    protected byte[] normalPiece(String text) {
        return text.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
    }

    /** One merge run over a text: symbols are codepoints, linked left/right, merged in place. */
    private final class Session {
        final String text;
        final IntArray out;
        final int[] start;
        final int[] len;
        final int[] prev;
        final int[] next;
        final MergeQueue queue = new MergeQueue();

        Session(String text, IntArray out) {
            this.text = text;
            this.out = out;
            int n = text.codePointCount(0, text.length());
            start = new int[n];
            len = new int[n];
            prev = new int[n];
            next = new int[n];
            int c = 0;
            for (int i = 0; i < n; i++) {
                int w = Character.charCount(text.codePointAt(c));
                start[i] = c;
                len[i] = w;
                prev[i] = i - 1;
                next[i] = i + 1 < n ? i + 1 : -1;
                c += w;
            }
        }

        void run() {
            int n = start.length;
            if (n == 0) {
                return;
            }
            for (int i = 1; i < n; i++) {
                tryAdd(i - 1, i);
            }
            while (!queue.isEmpty()) {
                queue.pop();
                int l = queue.topLeft;
                int r = next[l];
                if (len[l] == 0 || r < 0 || len[r] == 0 || len[l] + len[r] != queue.topAux) {
                    continue; // stale: one side has changed since this pair was queued
                }
                len[l] += len[r];
                len[r] = 0;
                next[l] = next[r];
                if (next[r] >= 0) {
                    prev[next[r]] = l;
                }
                tryAdd(prev[l], l);
                tryAdd(l, next[l]);
            }
            for (int i = 0; i != -1; i = next[i]) {
                emit(i);
            }
        }

        private void tryAdd(int l, int r) {
            if (l < 0 || r < 0) {
                return;
            }
            int size = len[l] + len[r];
            int id = id(text.substring(start[l], start[l] + size));
            if (id < 0) {
                return;
            }
            queue.push(MergeQueue.descending(vocab.scores()[id]), l, size);
        }

        private void emit(int i) {
            String piece = text.substring(start[i], start[i] + len[i]);
            int id = id(piece);
            if (id >= 0) {
                out.add(id);
                return;
            }
            for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
                out.add(byteTokens[b & 0xFF]);
            }
        }
    }

    @Override
    public String toString() {
        return "SpmTokenizer[" + vocab.size() + " tokens]";
    }
}
