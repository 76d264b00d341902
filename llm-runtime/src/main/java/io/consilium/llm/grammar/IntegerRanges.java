package io.consilium.llm.grammar;

import java.util.ArrayList;
import java.util.List;

/** GBNF for exactly the decimal integers in [lo, hi], written without leading zeros. */
final class IntegerRanges {
    private IntegerRanges() {
    }

    static String gbnf(long lo, long hi) {
        List<String> alts = new ArrayList<>();
        if (lo < 0) {
            long nHi = Math.min(hi, -1);
            // -a for a in [-nHi, -lo]
            for (String s : nonNegative(-nHi, -lo)) {
                alts.add("\"-\" " + s);
            }
        }
        if (hi >= 0) {
            alts.addAll(nonNegative(Math.max(lo, 0), hi));
        }
        return String.join(" | ", alts);
    }

    /** Alternatives for [lo, hi] with 0 ≤ lo ≤ hi, split by digit count. */
    private static List<String> nonNegative(long lo, long hi) {
        List<String> out = new ArrayList<>();
        int dl = Long.toString(lo).length();
        int dh = Long.toString(hi).length();
        for (int d = dl; d <= dh; d++) {
            long from = d == dl ? lo : pow10(d - 1);
            long to = d == dh ? hi : pow10(d) - 1;
            sameLength(Long.toString(from), Long.toString(to), "", out);
        }
        return out;
    }

    /** Alternatives for the equal-length digit strings a..b, each prefixed with {@code prefix}. */
    private static void sameLength(String a, String b, String prefix, List<String> out) {
        int n = a.length();
        if (n == 0) {
            out.add(prefix.isEmpty() ? "\"\"" : prefix.strip());
            return;
        }
        char a0 = a.charAt(0);
        char b0 = b.charAt(0);
        String restA = a.substring(1);
        String restB = b.substring(1);
        if (a0 == b0) {
            sameLength(restA, restB, prefix + "\"" + a0 + "\" ", out);
            return;
        }
        if (restA.chars().allMatch(c -> c == '0') && restB.chars().allMatch(c -> c == '9')) {
            out.add((prefix + cls(a0, b0) + " " + any(n - 1)).strip());
            return;
        }
        sameLength(restA, "9".repeat(n - 1), prefix + "\"" + a0 + "\" ", out);
        if (b0 - a0 > 1) {
            out.add((prefix + cls((char) (a0 + 1), (char) (b0 - 1)) + " " + any(n - 1)).strip());
        }
        sameLength("0".repeat(n - 1), restB, prefix + "\"" + b0 + "\" ", out);
    }

    private static String cls(char lo, char hi) {
        return lo == hi ? "\"" + lo + "\"" : "[" + lo + "-" + hi + "]";
    }

    private static String any(int n) {
        return n == 0 ? "" : "[0-9]{" + n + "}";
    }

    private static long pow10(int n) {
        long v = 1;
        for (int i = 0; i < n; i++) {
            v *= 10;
        }
        return v;
    }
}
