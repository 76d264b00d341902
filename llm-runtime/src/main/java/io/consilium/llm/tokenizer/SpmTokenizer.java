package io.consilium.llm.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SentencePiece-style tokenizer ({@code tokenizer.ggml.model = llama}) as llama.cpp runs it: spaces
 * become '▁', a space is prefixed to text that starts the input or follows a special token, then
 * adjacent symbols are merged greedily by the score of the token they form (ties: leftmost first),
 * and what never became a token falls back to {@code <0xXX>} byte tokens.
 */
final class SpmTokenizer extends BaseTokenizer {
    private static final int CACHE_LIMIT = 1 << 16;
    private static final int CACHE_MAX_WORD = 48;

    private final int[] byteTokens = new int[256];
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();
    /** True when no token has '▁' after another character, so text can be cut before each word's '▁'. */
    private final boolean cutAtSpaces;

    SpmTokenizer(Vocabulary vocab) {
        super(vocab);
        this.cutAtSpaces = vocab.tokens().stream().noneMatch(SpmTokenizer::hasInnerSpace);
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

    private static boolean hasInnerSpace(String token) {
        int i = 0;
        while (i < token.length() && token.charAt(i) == '\u2581') {
            i++;
        }
        return token.indexOf('\u2581', i) >= 0;
    }

    /**
     * Merging is local: when no token can span the boundary before a '▁' that follows another
     * character, the pieces between such boundaries merge independently and give the same result
     * as one merge run over the whole text, with much smaller queues.
     */
    @Override
    protected void encodeText(String raw, IntArray out) {
        String text = raw.replace(' ', '\u2581');
        if (!cutAtSpaces) {
            new Session(text, out).run();
            return;
        }
        int from = 0;
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i) == '\u2581' && text.charAt(i - 1) != '\u2581') {
                encodeChunk(text.substring(from, i), out);
                from = i;
            }
        }
        encodeChunk(text.substring(from), out);
    }

    private void encodeChunk(String chunk, IntArray out) {
        if (chunk.length() > CACHE_MAX_WORD) {
            new Session(chunk, out).run();
            return;
        }
        int[] ids = cache.get(chunk);
        if (ids == null) {
            IntArray tmp = new IntArray(chunk.length());
            new Session(chunk, tmp).run();
            ids = tmp.toArray();
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(chunk, ids);
        }
        out.addAll(ids);
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
