package io.consilium.llm.tokenizer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A fast path for the regex shapes {@code \s?[C]+}, {@code [C]+} and {@code [C]} (C one character
 * class, possibly with \p{..} categories): a linear scan with per-character class membership
 * memoized, instead of a regex engine walking a long list of ranges for every character. Matches
 * what the regex finds with leftmost-first, greedy semantics.
 */
final class RunSplitStep implements SplitStep {
    private static final Pattern SHAPE = Pattern.compile("(\\\\s\\?)?(\\[(?:[^\\]\\\\]|\\\\.)*\\]|\\\\p\\{[NLPMS]\\})(\\+)?");

    private final String source;
    private final boolean optionalSpace;
    private final boolean repeat;
    private final boolean collapsed;
    private final Pattern cls;
    /** Membership of every BMP character, computed once; supplementary characters are memoized. */
    private final boolean[] bmp;
    private final ConcurrentHashMap<Integer, Boolean> supplementary = new ConcurrentHashMap<>();

    private RunSplitStep(String source, boolean optionalSpace, String cls, boolean repeat) {
        this.source = source;
        this.optionalSpace = optionalSpace;
        this.repeat = repeat;
        this.collapsed = RegexSplitStep.usesCategories(cls);
        this.cls = Pattern.compile(collapsed ? RegexSplitStep.collapse(cls) : cls);
        // the collapsed text only holds chars below U+0100
        this.bmp = new boolean[collapsed ? 256 : 0x10000];
        for (int c = 0; c < bmp.length; c++) {
            bmp[c] = !Character.isSurrogate((char) c) && test(c);
        }
    }

    private boolean test(int c) {
        return cls.matcher(new String(Character.toChars(c))).matches();
    }

    /** The fast step for regex, or null when the regex has another shape. */
    static RunSplitStep of(String regex) {
        var m = SHAPE.matcher(regex);
        if (!m.matches()) {
            return null;
        }
        return new RunSplitStep(regex, m.group(1) != null, m.group(2), m.group(3) != null);
    }

    private boolean in(int c) {
        if (c < bmp.length) {
            return c >= 0 && bmp[c];
        }
        return supplementary.computeIfAbsent(c, this::test);
    }

    private static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** The character the regex would see at i: collapsed stand-in, or the codepoint with non-ASCII whitespace as U+000B. */
    private int view(PreText t, String col, int i) {
        if (collapsed) {
            return col.charAt(i);
        }
        int cp = t.cp(i);
        return cp > 0x7F && UnicodeFlags.isWhitespace(UnicodeFlags.of(cp)) ? 0x0B : cp;
    }

    @Override
    public void split(PreText text, IntArray segments, IntArray out) {
        String col = collapsed ? text.collapsed() : null;
        int start = 0;
        for (int k = 0; k < segments.size(); k++) {
            int end = start + segments.get(k);
            int last = start;
            int i = start;
            while (i < end) {
                int c = view(text, col, i);
                int j;
                if (optionalSpace && isSpace(c) && i + 1 < end && in(view(text, col, i + 1))) {
                    j = i + 2;
                } else if (in(c)) {
                    j = i + 1;
                } else {
                    i++;
                    continue;
                }
                while (repeat && j < end && in(view(text, col, j))) {
                    j++;
                }
                if (i > last) {
                    out.add(i - last);
                }
                out.add(j - i);
                last = j;
                i = j;
            }
            if (last < end) {
                out.add(end - last);
            }
            start = end;
        }
    }

    @Override
    public String toString() {
        return "run " + source;
    }
}
