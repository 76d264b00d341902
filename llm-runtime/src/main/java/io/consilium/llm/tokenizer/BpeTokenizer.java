package io.consilium.llm.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-level BPE ({@code tokenizer.ggml.model = gpt2}) as llama.cpp runs it: the pre-tokenizer
 * splits text into words, each word's UTF-8 bytes become GPT-2 byte characters, and adjacent
 * symbols are merged lowest merge rank first (ties: leftmost). Symbols are token ids; merge parts
 * that are not vocab tokens get "virtual" ids above the vocab so the merge order stays exact.
 */
final class BpeTokenizer extends BaseTokenizer {
    private static final int CACHE_LIMIT = 1 << 16;
    private static final int CACHE_MAX_WORD = 48;

    private final PreTokenizer pre;
    private final List<String> virtualTexts = new ArrayList<>();
    private final Map<String, Integer> extended;
    private final LongIntMap ranks;
    private final int[] mergeResult;
    private final int[] byteSymbol = new int[256];
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    BpeTokenizer(Vocabulary vocab) {
        super(vocab);
        this.pre = PreTokenizer.forName(vocab.pre());
        this.extended = new HashMap<>(ids);
        List<String> merges = vocab.merges();
        this.ranks = new LongIntMap(merges.size());
        this.mergeResult = new int[merges.size()];
        for (int rank = 0; rank < merges.size(); rank++) {
            String m = merges.get(rank);
            int sp = m.indexOf(' ', 1);
            if (sp < 0) {
                mergeResult[rank] = -1;
                continue;
            }
            String left = m.substring(0, sp);
            String right = m.substring(sp + 1);
            int l = symbolId(left);
            int r = symbolId(right);
            ranks.putIfAbsent(pair(l, r), rank);
            mergeResult[rank] = symbolId(left + right);
        }
        for (int b = 0; b < 256; b++) {
            byteSymbol[b] = symbolId(String.valueOf(ByteLevel.charOf(b)));
        }
    }

    private int symbolId(String text) {
        Integer id = extended.get(text);
        if (id == null) {
            id = vocab.size() + virtualTexts.size();
            virtualTexts.add(text);
            extended.put(text, id);
        }
        return id;
    }

    private static long pair(int l, int r) {
        return ((long) l << 32) | (r & 0xffffffffL);
    }

    @Override
    protected void encodeText(String text, IntArray out) {
        PreText pt = new PreText(text);
        IntArray segs = pre.split(pt);
        int cp = 0;
        for (int k = 0; k < segs.size(); k++) {
            int len = segs.get(k);
            String word = text.substring(pt.cpToChar[cp], pt.cpToChar[cp + len]);
            cp += len;
            if (word.length() <= CACHE_MAX_WORD) {
                int[] cached = cache.get(word);
                if (cached == null) {
                    cached = encodeWord(word);
                    if (cache.size() >= CACHE_LIMIT) {
                        cache.clear();
                    }
                    cache.put(word, cached);
                }
                out.addAll(cached);
            } else {
                out.addAll(encodeWord(word));
            }
        }
    }

    private int[] encodeWord(String word) {
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        IntArray out = new IntArray(n);
        if (vocab.ignoreMerges()) {
            StringBuilder mapped = new StringBuilder(n);
            for (byte b : bytes) {
                mapped.append(ByteLevel.charOf(b));
            }
            int whole = id(mapped.toString());
            if (whole >= 0) {
                return new int[] {whole};
            }
        }
        int[] sym = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        boolean[] dead = new boolean[n];
        for (int i = 0; i < n; i++) {
            sym[i] = byteSymbol[bytes[i] & 0xFF];
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        MergeQueue q = new MergeQueue();
        for (int i = 1; i < n; i++) {
            queuePair(q, sym, i - 1, i);
        }
        while (!q.isEmpty()) {
            q.pop();
            int l = q.topLeft;
            int r = next[l];
            if (dead[l] || r < 0 || ranks.get(pair(sym[l], sym[r]), -1) != q.topPrio) {
                continue; // stale: the pair at l changed since it was queued
            }
            sym[l] = mergeResult[(int) q.topPrio];
            dead[r] = true;
            next[l] = next[r];
            if (next[r] >= 0) {
                prev[next[r]] = l;
            }
            if (prev[l] >= 0) {
                queuePair(q, sym, prev[l], l);
            }
            if (next[l] >= 0) {
                queuePair(q, sym, l, next[l]);
            }
        }
        for (int i = 0; i != -1; i = next[i]) {
            emit(sym[i], out);
        }
        return out.toArray();
    }

    private void queuePair(MergeQueue q, int[] sym, int l, int r) {
        int rank = ranks.get(pair(sym[l], sym[r]), -1);
        if (rank >= 0) {
            q.push(rank, l, 0);
        }
    }

    /** A symbol that is not a vocab token falls back to single-character tokens, as llama.cpp does. */
    private void emit(int symbol, IntArray out) {
        if (symbol < vocab.size()) {
            out.add(symbol);
            return;
        }
        String text = virtualTexts.get(symbol - vocab.size());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            if (b >= 0) {
                int id = id(String.valueOf((char) b));
                if (id >= 0) {
                    out.add(id);
                }
            }
        }
    }

    @Override
    protected byte[] normalPiece(String text) {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(text.length());
        text.codePoints().forEach(c -> {
            int b = ByteLevel.byteOf(c);
            if (b >= 0) {
                buf.write(b);
            } else {
                buf.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
            }
        });
        return buf.toByteArray();
    }

    @Override
    protected byte[] bytePiece(String text) {
        return new byte[0]; // llama.cpp renders byte-typed tokens of BPE vocabs as nothing
    }

    @Override
    public String toString() {
        return "BpeTokenizer[" + vocab.size() + " tokens, pre=" + pre.name() + "]";
    }
}
