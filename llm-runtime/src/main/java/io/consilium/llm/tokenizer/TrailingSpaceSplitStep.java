package io.consilium.llm.tokenizer;

/**
 * The regex {@code \s+$} as a split pass: the whitespace run that ends each segment (if any) becomes
 * a segment of its own. Whitespace is what llama.cpp's wide regex sees as \s: ASCII whitespace, and
 * non-ASCII whitespace (which it maps to U+000B).
 */
final class TrailingSpaceSplitStep implements SplitStep {

    static boolean isSpace(int cp) {
        return cp == ' ' || (cp >= '\t' && cp <= '\r') || (cp > 0x7F && UnicodeFlags.isWhitespace(UnicodeFlags.of(cp)));
    }

    @Override
    public void split(PreText text, IntArray segments, IntArray out) {
        int start = 0;
        for (int k = 0; k < segments.size(); k++) {
            int end = start + segments.get(k);
            int ws = end;
            while (ws > start && isSpace(text.cp(ws - 1))) {
                ws--;
            }
            if (ws > start) {
                out.add(ws - start);
            }
            if (ws < end) {
                out.add(end - ws);
            }
            start = end;
        }
    }

    @Override
    public String toString() {
        return "trailing whitespace";
    }
}
