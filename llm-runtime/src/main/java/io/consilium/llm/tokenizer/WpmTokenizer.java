package io.consilium.llm.tokenizer;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WordPiece ({@code tokenizer.ggml.model = bert}) as llama.cpp runs it: each codepoint is reduced
 * to the first codepoint of its NFD form and lower-cased, text is split on whitespace and around
 * punctuation and CJK characters, and each word (with a '▁' prefix) is cut greedily into the
 * longest vocab tokens; a word that cannot be cut becomes the unknown token. Lossy by design:
 * decode(encode(s)) is not s.
 */
final class WpmTokenizer extends BaseTokenizer {
    private final int maxTokenChars;

    WpmTokenizer(Vocabulary vocab) {
        super(vocab);
        int max = 0;
        for (String t : vocab.tokens()) {
            max = Math.max(max, t.length());
        }
        this.maxTokenChars = max;
    }

    @Override
    protected int endToken() {
        return vocab.sep(); // BERT ends a sequence with [SEP]
    }

    @Override
    protected boolean addsEos() {
        return vocab.sep() >= 0;
    }

    @Override
    protected boolean addsBos() {
        return vocab.bos() >= 0;
    }

    @Override
    protected void encodeText(String text, IntArray out) {
        for (String w : words(text)) {
            String word = "\u2581" + w;
            int n = word.length();
            int mark = out.size();
            List<Integer> found = new ArrayList<>();
            boolean failed = false;
            for (int i = 0; i < n; ) {
                int hit = -1;
                int hitEnd = i;
                for (int j = Math.min(n, i + maxTokenChars); j > i; j--) {
                    int id = id(word.substring(i, j));
                    if (id >= 0) {
                        hit = id;
                        hitEnd = j;
                        break;
                    }
                }
                if (hit < 0) {
                    failed = true;
                    break;
                }
                found.add(hit);
                i = hitEnd;
            }
            if (failed || found.isEmpty()) {
                out.add(vocab.unk());
            } else {
                found.forEach(out::add);
            }
            assert out.size() > mark;
        }
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        text.codePoints().forEach(raw -> {
            int cp = firstOfNfd(raw);
            int f = UnicodeFlags.of(cp);
            if (UnicodeFlags.isWhitespace(f)) {
                flush(words, cur);
                return;
            }
            if (cp == 0 || cp == 0xFFFD || UnicodeFlags.category(f) == UnicodeFlags.CONTROL) {
                return;
            }
            int lower = Character.toLowerCase(cp);
            int cat = UnicodeFlags.category(f);
            if (cat == UnicodeFlags.PUNCTUATION || (cp < 0x7F && cat == UnicodeFlags.SYMBOL) || isChinese(cp)) {
                flush(words, cur);
                words.add(new String(Character.toChars(lower)));
            } else {
                cur.appendCodePoint(lower);
            }
        });
        flush(words, cur);
        return words;
    }

    private static void flush(List<String> words, StringBuilder cur) {
        if (!cur.isEmpty()) {
            words.add(cur.toString());
            cur.setLength(0);
        }
    }

    private static final ConcurrentHashMap<Integer, Integer> NFD_FIRST = new ConcurrentHashMap<>();

    private static int firstOfNfd(int cp) {
        if (cp < 0xC0) {
            return cp;
        }
        return NFD_FIRST.computeIfAbsent(cp, c ->
                Normalizer.normalize(new String(Character.toChars(c)), Normalizer.Form.NFD).codePointAt(0));
    }

    private static boolean isChinese(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    @Override
    protected byte[] normalPiece(String text) {
        return text.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "WpmTokenizer[" + vocab.size() + " tokens]";
    }
}
