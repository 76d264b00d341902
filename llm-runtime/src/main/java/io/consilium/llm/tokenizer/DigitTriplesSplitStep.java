package io.consilium.llm.tokenizer;

/**
 * The regex {@code [0-9][0-9][0-9]} (falcon, default) as a split pass: each leftmost run of three
 * ASCII digits becomes a segment, the rest stays as gaps.
 */
final class DigitTriplesSplitStep implements SplitStep {

    private static boolean digit(int cp) {
        return cp >= '0' && cp <= '9';
    }

    @Override
    public void split(PreText text, IntArray segments, IntArray out) {
        int start = 0;
        for (int k = 0; k < segments.size(); k++) {
            int end = start + segments.get(k);
            int last = start;
            int i = start;
            while (i + 3 <= end) {
                if (digit(text.cp(i)) && digit(text.cp(i + 1)) && digit(text.cp(i + 2))) {
                    if (i > last) {
                        out.add(i - last);
                    }
                    out.add(3);
                    i += 3;
                    last = i;
                } else {
                    i++;
                }
            }
            if (last < end) {
                out.add(end - last);
            }
            start = end;
        }
    }

    @Override
    public String toString() {
        return "digit triples";
    }
}
