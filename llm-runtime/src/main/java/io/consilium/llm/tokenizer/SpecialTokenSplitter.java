package io.consilium.llm.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts special-token text out of the input before the model's tokenizer runs, as llama.cpp does:
 * special tokens are taken longest first, and each one splits every remaining text fragment at all
 * its occurrences (honouring lstrip/rstrip). Only tokens that occur in the input are considered,
 * found by one scan indexed on their first character.
 */
final class SpecialTokenSplitter {

    /** A piece of input: text to tokenize ({@code token < 0}) or one special token. */
    record Fragment(String text, int token) {
        boolean isText() {
            return token < 0;
        }
    }

    private final List<String> texts;
    private final int[] attrs;
    private final int[] ordered; // special ids, longest UTF-8 text first
    private final Map<Character, int[]> byFirstChar = new HashMap<>();

    SpecialTokenSplitter(List<String> texts, int[] attrs) {
        this.texts = texts;
        this.attrs = attrs;
        int mask = TokenType.ATTR_CONTROL | TokenType.ATTR_USER_DEFINED | TokenType.ATTR_UNKNOWN;
        List<Integer> ids = new ArrayList<>();
        for (int id = 0; id < attrs.length; id++) {
            if ((attrs[id] & mask) != 0 && !texts.get(id).isEmpty()) {
                ids.add(id);
            }
        }
        ids.sort(Comparator.comparingInt((Integer id) -> -utf8Length(texts.get(id))).thenComparingInt(id -> id));
        ordered = ids.stream().mapToInt(Integer::intValue).toArray();
        Map<Character, List<Integer>> tmp = new HashMap<>();
        for (int i = 0; i < ordered.length; i++) {
            tmp.computeIfAbsent(texts.get(ordered[i]).charAt(0), k -> new ArrayList<>()).add(i);
        }
        tmp.forEach((c, l) -> byFirstChar.put(c, l.stream().mapToInt(Integer::intValue).toArray()));
    }

    List<Fragment> split(String text, boolean parseSpecial) {
        List<Fragment> frags = new ArrayList<>();
        if (text.isEmpty()) {
            return frags;
        }
        frags.add(new Fragment(text, -1));
        for (int rank : present(text, parseSpecial)) {
            frags = splitOn(frags, ordered[rank]);
        }
        return frags;
    }

    /** Ranks (indices into {@link #ordered}) of the usable special tokens occurring in text, in order. */
    private int[] present(String text, boolean parseSpecial) {
        boolean[] seen = new boolean[ordered.length];
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            int[] cands = byFirstChar.get(text.charAt(i));
            if (cands == null) {
                continue;
            }
            for (int rank : cands) {
                if (!seen[rank] && usable(ordered[rank], parseSpecial) && text.startsWith(texts.get(ordered[rank]), i)) {
                    seen[rank] = true;
                    count++;
                }
            }
        }
        int[] out = new int[count];
        int k = 0;
        for (int r = 0; r < seen.length; r++) {
            if (seen[r]) {
                out[k++] = r;
            }
        }
        return Arrays.copyOf(out, k);
    }

    private boolean usable(int id, boolean parseSpecial) {
        return parseSpecial || (attrs[id] & (TokenType.ATTR_CONTROL | TokenType.ATTR_UNKNOWN)) == 0;
    }

    private List<Fragment> splitOn(List<Fragment> frags, int id) {
        String tok = texts.get(id);
        boolean lstrip = (attrs[id] & TokenType.ATTR_LSTRIP) != 0;
        boolean rstrip = (attrs[id] & TokenType.ATTR_RSTRIP) != 0;
        List<Fragment> out = new ArrayList<>(frags.size() + 4);
        for (Fragment f : frags) {
            if (!f.isText()) {
                out.add(f);
                continue;
            }
            String s = f.text();
            int from = 0;
            int end = s.length();
            while (true) {
                int match = s.indexOf(tok, from);
                if (match < 0) {
                    if (from < end) {
                        out.add(new Fragment(s.substring(from), -1));
                    }
                    break;
                }
                int leftEnd = match;
                if (lstrip) {
                    while (leftEnd > from && isCSpace(s.charAt(leftEnd - 1))) {
                        leftEnd--;
                    }
                }
                if (leftEnd > from) {
                    out.add(new Fragment(s.substring(from, leftEnd), -1));
                }
                out.add(new Fragment(tok, id));
                from = match + tok.length();
                if (rstrip) {
                    while (from < end && isCSpace(s.charAt(from))) {
                        from++;
                    }
                }
            }
        }
        return out;
    }

    /** C's isspace in the "C" locale, which llama.cpp uses for lstrip/rstrip. */
    static boolean isCSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
