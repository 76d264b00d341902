package io.consilium.llm.grammar;

import java.util.Arrays;

/**
 * A set of code points: inclusive ranges, optionally negated ({@code [^...]}, or {@code .} = negated empty set).
 *
 * @param ranges lo0, hi0, lo1, hi1, ... sorted by lo and merged
 */
record CharClass(int[] ranges, boolean negated) {
    static final int MAX_CP = 0x10FFFF;

    static CharClass of(int[] pairs, boolean negated) {
        int n = pairs.length / 2;
        int[][] rs = new int[n][];
        for (int i = 0; i < n; i++) {
            rs[i] = new int[] {pairs[2 * i], pairs[2 * i + 1]};
        }
        Arrays.sort(rs, (a, b) -> Integer.compare(a[0], b[0]));
        int[] out = new int[pairs.length];
        int k = 0;
        for (int[] r : rs) {
            if (k > 0 && r[0] <= out[k - 1] + 1) {
                out[k - 1] = Math.max(out[k - 1], r[1]);
            } else {
                out[k++] = r[0];
                out[k++] = r[1];
            }
        }
        return new CharClass(Arrays.copyOf(out, k), negated);
    }

    /**
     * The UTF-8 length of the smallest code point in the set: the fewest tokens that write one of its characters
     * in a vocabulary that is sure to have a token per byte (byte fallback or byte-level BPE) but maybe no more.
     */
    int minBytes() {
        int cp;
        if (!negated) {
            cp = ranges.length == 0 ? 0 : ranges[0];
        } else {
            cp = 0;
            for (int i = 0; i < ranges.length && ranges[i] <= cp; i += 2) {
                cp = Math.max(cp, ranges[i + 1] + 1);
            }
        }
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    static CharClass single(int cp) {
        return new CharClass(new int[] {cp, cp}, false);
    }

    boolean matches(int cp) {
        boolean in = false;
        for (int i = 0; i < ranges.length && ranges[i] <= cp; i += 2) {
            if (cp <= ranges[i + 1]) {
                in = true;
                break;
            }
        }
        return in != negated;
    }

    /** Whether some code point in [lo, hi] matches (to rule out a partial UTF-8 character early). */
    boolean intersects(int lo, int hi) {
        if (!negated) {
            for (int i = 0; i < ranges.length; i += 2) {
                if (ranges[i] <= hi && ranges[i + 1] >= lo) {
                    return true;
                }
            }
            return false;
        }
        int next = lo; // first code point of [lo, hi] not yet known to be excluded
        for (int i = 0; i < ranges.length && next <= hi; i += 2) {
            if (ranges[i + 1] < next) {
                continue;
            }
            if (ranges[i] > next) {
                return true;
            }
            next = ranges[i + 1] + 1;
        }
        return next <= hi;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CharClass c && c.negated == negated && Arrays.equals(c.ranges, ranges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ranges) * 31 + (negated ? 1 : 0);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(negated ? "[^" : "[");
        for (int i = 0; i < ranges.length; i += 2) {
            sb.appendCodePoint(ranges[i]);
            if (ranges[i + 1] != ranges[i]) {
                sb.append('-').appendCodePoint(ranges[i + 1]);
            }
        }
        return sb.append(']').toString();
    }
}
