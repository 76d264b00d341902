package io.consilium.llm.tokenizer;

/**
 * Hand-written equivalents of the two most common pre-tokenizer regexes, matching llama.cpp's own
 * hand-written splitters (which differ from a literal regex engine in small ways, e.g. around
 * trailing whitespace and undefined codepoints):
 * <ul>
 *   <li>GPT-2: {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}</li>
 *   <li>Llama 3: {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+}</li>
 * </ul>
 */
final class CustomSplitStep implements SplitStep {
    static final int OUT = -1;

    private final boolean llama3;

    private CustomSplitStep(boolean llama3) {
        this.llama3 = llama3;
    }

    static CustomSplitStep gpt2() {
        return new CustomSplitStep(false);
    }

    static CustomSplitStep llama3() {
        return new CustomSplitStep(true);
    }

    @Override
    public void split(PreText text, IntArray segments, IntArray out) {
        int start = 0;
        for (int k = 0; k < segments.size(); k++) {
            int end = start + segments.get(k);
            Segment seg = new Segment(text.cps, start, end, out);
            if (llama3) {
                seg.llama3();
            } else {
                seg.gpt2();
            }
            start = end;
        }
    }

    /** The scan state over one segment: reads outside [start, end) see "no character". */
    private static final class Segment {
        final int[] cps;
        final int start;
        final int end;
        final IntArray out;
        int prevEnd;

        Segment(int[] cps, int start, int end, IntArray out) {
            this.cps = cps;
            this.start = start;
            this.end = end;
            this.out = out;
            this.prevEnd = start;
        }

        int cp(int pos) {
            return pos >= start && pos < end ? cps[pos] : OUT;
        }

        int flags(int pos) {
            return pos >= start && pos < end ? UnicodeFlags.of(cps[pos]) : 0;
        }

        int emit(int to) {
            int len = to - prevEnd;
            if (len > 0) {
                out.add(len);
            }
            prevEnd = to;
            return len;
        }

        static boolean isOther(int f) {
            return (f & (UnicodeFlags.WHITESPACE | UnicodeFlags.LETTER | UnicodeFlags.NUMBER)) == 0 && f != 0;
        }

        /** Length of a contraction ('s 't 're 've 'm 'll 'd) at pos, or 0. */
        int contraction(int pos, boolean ignoreCase) {
            if (cp(pos) != '\'' || pos + 1 >= end) {
                return 0;
            }
            int n = lower(cp(pos + 1), ignoreCase);
            if (n == 's' || n == 't' || n == 'm' || n == 'd') {
                return 2;
            }
            if (pos + 2 < end) {
                int nn = lower(cp(pos + 2), ignoreCase);
                if ((n == 'r' && nn == 'e') || (n == 'v' && nn == 'e') || (n == 'l' && nn == 'l')) {
                    return 3;
                }
            }
            return 0;
        }

        static int lower(int cp, boolean ignoreCase) {
            return ignoreCase && cp >= 0 ? Character.toLowerCase(cp) : cp;
        }

        void gpt2() {
            int pos = start;
            while (pos < end) {
                int c = cp(pos);
                int f = flags(pos);
                int contr = contraction(pos, false);
                if (contr > 0) {
                    pos += emit(pos + contr);
                    continue;
                }
                int f2 = c == ' ' ? flags(pos + 1) : f;
                if (UnicodeFlags.isLetter(f2)) {
                    pos += c == ' ' ? 1 : 0;
                    while (UnicodeFlags.isLetter(flags(pos))) {
                        pos++;
                    }
                    emit(pos);
                    continue;
                }
                if (UnicodeFlags.isNumber(f2)) {
                    pos += c == ' ' ? 1 : 0;
                    while (UnicodeFlags.isNumber(flags(pos))) {
                        pos++;
                    }
                    emit(pos);
                    continue;
                }
                if (isOther(f2)) {
                    pos += c == ' ' ? 1 : 0;
                    while (isOther(flags(pos))) {
                        pos++;
                    }
                    emit(pos);
                    continue;
                }
                pos = whitespace(pos, false);
            }
        }

        void llama3() {
            int pos = start;
            while (pos < end) {
                int c = cp(pos);
                int f = flags(pos);
                int contr = contraction(pos, true);
                if (contr > 0) {
                    pos += emit(pos + contr);
                    continue;
                }
                // [^\r\n\p{L}\p{N}]?\p{L}+
                if (!(c == '\r' || c == '\n' || UnicodeFlags.isNumber(f))
                        && (UnicodeFlags.isLetter(f) || UnicodeFlags.isLetter(flags(pos + 1)))) {
                    pos++;
                    while (UnicodeFlags.isLetter(flags(pos))) {
                        pos++;
                    }
                    emit(pos);
                    continue;
                }
                // \p{N}{1,3}
                if (UnicodeFlags.isNumber(f)) {
                    int ini = pos;
                    while (UnicodeFlags.isNumber(flags(pos))) {
                        pos++;
                        if (pos - ini >= 3) {
                            emit(pos);
                            ini = pos;
                        }
                    }
                    emit(pos);
                    continue;
                }
                // ' ?[^\s\p{L}\p{N}]+[\r\n]*'; llama.cpp tests the unshifted flags for "is a character"
                int f2 = c == ' ' ? flags(pos + 1) : f;
                if ((f2 & (UnicodeFlags.WHITESPACE | UnicodeFlags.LETTER | UnicodeFlags.NUMBER)) == 0 && f != 0) {
                    pos += c == ' ' ? 1 : 0;
                    while (isOther(flags(pos))) {
                        pos++;
                    }
                    while (cp(pos) == '\r' || cp(pos) == '\n') {
                        pos++;
                    }
                    emit(pos);
                    continue;
                }
                pos = whitespace(pos, true);
            }
        }

        /** \s*[\r\n]+ (llama3 only), then \s+(?!\S), then \s+, else one character. */
        int whitespace(int pos, boolean lineBreaks) {
            int n = 0;
            int lastBreakEnd = 0;
            while (UnicodeFlags.isWhitespace(flags(pos + n))) {
                int c = cp(pos + n);
                if (c == '\r' || c == '\n') {
                    lastBreakEnd = pos + n + 1;
                }
                n++;
            }
            if (lineBreaks && lastBreakEnd > 0) {
                emit(lastBreakEnd);
                return lastBreakEnd;
            }
            if (n > 1 && cp(pos + n) != OUT) {
                pos += n - 1;
                emit(pos);
                return pos;
            }
            if (n > 0) {
                pos += n;
                emit(pos);
                return pos;
            }
            emit(pos + 1);
            return pos + 1;
        }
    }
}
