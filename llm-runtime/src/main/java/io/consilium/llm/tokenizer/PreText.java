package io.consilium.llm.tokenizer;

/**
 * One piece of input text seen three ways by the pre-tokenizer steps: as codepoints, as a
 * "collapsed" string with one char per codepoint (non-ASCII codepoints replaced by a stand-in per
 * Unicode category, so ASCII-only regex classes can express \p{L} and friends exactly as llama.cpp
 * does), and as a "wide" Java string for regexes with literal non-ASCII ranges.
 */
final class PreText {
    static final char COLLAPSED_OTHER = '\u00D0';
    static final char COLLAPSED_NUMBER = '\u00D1';
    static final char COLLAPSED_LETTER = '\u00D2';
    static final char COLLAPSED_PUNCTUATION = '\u00D3';
    static final char COLLAPSED_MARK = '\u00D4';
    static final char COLLAPSED_SYMBOL = '\u00D5';

    final String text;
    final int[] cps;
    /** cpToChar[i] = char index in {@link #text} where codepoint i starts; length cps.length + 1. */
    final int[] cpToChar;
    private String collapsed;
    private String wide;
    private int[] wideCharToCp;

    PreText(String text) {
        this.text = text;
        this.cps = text.codePoints().toArray();
        this.cpToChar = new int[cps.length + 1];
        int c = 0;
        for (int i = 0; i < cps.length; i++) {
            cpToChar[i] = c;
            c += Character.charCount(cps[i]);
        }
        cpToChar[cps.length] = c;
    }

    int length() {
        return cps.length;
    }

    int cp(int i) {
        return cps[i];
    }

    String collapsed() {
        if (collapsed == null) {
            char[] out = new char[cps.length];
            for (int i = 0; i < cps.length; i++) {
                int cp = cps[i];
                if (cp < 128) {
                    out[i] = (char) cp;
                    continue;
                }
                int f = UnicodeFlags.of(cp);
                if (UnicodeFlags.isWhitespace(f)) {
                    out[i] = '\u000B';
                } else {
                    out[i] = switch (UnicodeFlags.category(f)) {
                        case UnicodeFlags.NUMBER -> COLLAPSED_NUMBER;
                        case UnicodeFlags.LETTER -> COLLAPSED_LETTER;
                        case UnicodeFlags.PUNCTUATION -> COLLAPSED_PUNCTUATION;
                        case UnicodeFlags.MARK -> COLLAPSED_MARK;
                        case UnicodeFlags.SYMBOL -> COLLAPSED_SYMBOL;
                        default -> COLLAPSED_OTHER;
                    };
                }
            }
            collapsed = new String(out);
        }
        return collapsed;
    }

    /** The text with non-ASCII whitespace replaced by U+000B, as llama.cpp feeds its wide regexes. */
    String wide() {
        if (wide == null) {
            StringBuilder sb = new StringBuilder(text.length());
            wideCharToCp = new int[text.length() + 1];
            for (int i = 0; i < cps.length; i++) {
                int cp = cps[i];
                if (cp > 0x7F && UnicodeFlags.isWhitespace(UnicodeFlags.of(cp))) {
                    cp = 0x0B;
                }
                wideCharToCp[sb.length()] = i;
                sb.appendCodePoint(cp);
            }
            wideCharToCp[sb.length()] = cps.length;
            wide = sb.toString();
        }
        return wide;
    }

    int wideCharToCp(int charIndex) {
        return wideCharToCp[charIndex];
    }

    int wideCpToChar(int cpIndex) {
        // the wide string keeps every codepoint's char width, so the offsets equal the original ones
        return cpToChar[cpIndex];
    }
}
