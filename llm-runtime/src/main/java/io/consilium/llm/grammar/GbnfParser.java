package io.consilium.llm.grammar;

import io.consilium.llm.grammar.Grammar.Builder;
import io.consilium.llm.grammar.Grammar.Builder.Elem;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads llama.cpp's GBNF: {@code name ::= alternatives}, alternatives separated by {@code |}, elements are
 * {@code "literals"}, {@code [character classes]} (ranges, {@code ^} negation), {@code .}, rule names and
 * {@code ( groups )}, each optionally followed by {@code * + ? {m} {m,} {m,n}}; {@code #} starts a comment.
 * Repetitions become helper rules (right-recursive, so a parser stack does not grow with the count).
 */
final class GbnfParser {
    private static final int MAX_REPEAT = 10_000;

    private final String src;
    private final Builder b = new Builder();
    private int pos;

    private GbnfParser(String src) {
        this.src = src;
    }

    static Grammar parse(String gbnf) {
        GbnfParser p = new GbnfParser(gbnf);
        p.rules();
        return p.b.build("root");
    }

    private void rules() {
        skipSpace(true);
        while (pos < src.length()) {
            String name = name();
            skipSpace(true);
            if (!src.startsWith("::=", pos)) {
                throw error("expected '::=' after rule name '" + name + "'");
            }
            pos += 3;
            if (b.defined(name)) {
                throw error("rule '" + name + "' is defined twice");
            }
            int id = b.rule(name);
            b.define(id, alternatives(name));
            skipSpace(true);
        }
    }

    private List<List<Elem>> alternatives(String ruleName) {
        List<List<Elem>> alts = new ArrayList<>();
        alts.add(sequence(ruleName));
        while (true) {
            skipSpace(true);
            if (pos < src.length() && src.charAt(pos) == '|') {
                pos++;
                alts.add(sequence(ruleName));
            } else {
                return alts;
            }
        }
    }

    private List<Elem> sequence(String ruleName) {
        List<Elem> seq = new ArrayList<>();
        while (true) {
            skipSpace(true);
            if (pos >= src.length() || atRuleStart()) {
                return seq;
            }
            char c = src.charAt(pos);
            List<Elem> atom;
            if (c == '"') {
                pos++;
                atom = literal();
            } else if (c == '[') {
                pos++;
                atom = List.of(b.chars(charClass()));
            } else if (c == '.') {
                pos++;
                atom = List.of(b.chars(new CharClass(new int[0], true)));
            } else if (c == '(') {
                pos++;
                List<List<Elem>> inner = alternatives(ruleName);
                skipSpace(true);
                if (pos >= src.length() || src.charAt(pos) != ')') {
                    throw error("missing ')'");
                }
                pos++;
                if (inner.size() == 1) {
                    atom = inner.get(0);
                } else {
                    int h = b.helper(ruleName);
                    b.define(h, inner);
                    atom = List.of(b.ref(h));
                }
            } else if (isNameChar(c)) {
                atom = List.of(b.ref(b.rule(name())));
            } else if (c == '|' || c == ')') {
                return seq;
            } else {
                throw error("unexpected '" + c + "'");
            }
            seq.addAll(repetition(ruleName, atom));
        }
    }

    /** Applies a postfix operator, if any, to the atom. */
    private List<Elem> repetition(String ruleName, List<Elem> atom) {
        if (pos >= src.length()) {
            return atom;
        }
        char c = src.charAt(pos);
        int min;
        int max; // -1 = unbounded
        if (c == '*') {
            min = 0;
            max = -1;
            pos++;
        } else if (c == '+') {
            min = 1;
            max = -1;
            pos++;
        } else if (c == '?') {
            min = 0;
            max = 1;
            pos++;
        } else if (c == '{') {
            pos++;
            min = number();
            max = min;
            if (src.charAt(pos) == ',') {
                pos++;
                max = src.charAt(pos) == '}' ? -1 : number();
            }
            if (pos >= src.length() || src.charAt(pos) != '}') {
                throw error("expected '}' closing the repetition");
            }
            pos++;
            if (max >= 0 && max < min || min > MAX_REPEAT || max > MAX_REPEAT) {
                throw error("bad repetition {" + min + "," + max + "} (at most " + MAX_REPEAT + ")");
            }
        } else {
            return atom;
        }
        return repeat(b, ruleName, atom, min, max);
    }

    /** atom{min,max} as elements (helper rules for the optional part); max -1 = unbounded. */
    static List<Elem> repeat(Builder b, String base, List<Elem> atom, int min, int max) {
        List<Elem> out = new ArrayList<>();
        for (int i = 0; i < min; i++) {
            out.addAll(atom);
        }
        if (max < 0) {
            int star = b.helper(base);
            List<Elem> loop = new ArrayList<>(atom);
            loop.add(b.ref(star));
            b.define(star, List.of(loop, List.of()));
            out.add(b.ref(star));
        } else if (max > min) {
            int next = -1;
            for (int k = 1; k <= max - min; k++) {
                int opt = b.helper(base);
                List<Elem> some = new ArrayList<>(atom);
                if (next >= 0) {
                    some.add(b.ref(next));
                }
                b.define(opt, List.of(some, List.of()));
                next = opt;
            }
            out.add(b.ref(next));
        }
        return out;
    }

    private List<Elem> literal() {
        List<Elem> out = new ArrayList<>();
        while (true) {
            if (pos >= src.length()) {
                throw error("unterminated string literal");
            }
            char c = src.charAt(pos);
            if (c == '"') {
                pos++;
                return out;
            }
            out.add(b.chars(CharClass.single(charOrEscape())));
        }
    }

    private CharClass charClass() {
        boolean neg = false;
        if (pos < src.length() && src.charAt(pos) == '^') {
            neg = true;
            pos++;
        }
        List<Integer> pairs = new ArrayList<>();
        while (true) {
            if (pos >= src.length()) {
                throw error("unterminated character class");
            }
            if (src.charAt(pos) == ']') {
                pos++;
                break;
            }
            int lo = charOrEscape();
            int hi = lo;
            if (pos + 1 < src.length() && src.charAt(pos) == '-' && src.charAt(pos + 1) != ']') {
                pos++;
                hi = charOrEscape();
                if (hi < lo) {
                    throw error("character range end is below its start");
                }
            }
            pairs.add(lo);
            pairs.add(hi);
        }
        return CharClass.of(pairs.stream().mapToInt(Integer::intValue).toArray(), neg);
    }

    private int charOrEscape() {
        int c = src.codePointAt(pos);
        pos += Character.charCount(c);
        if (c != '\\') {
            return c;
        }
        if (pos >= src.length()) {
            throw error("dangling backslash");
        }
        char e = src.charAt(pos++);
        return switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case '\\', '"', '[', ']', '-', '^', '/' -> e;
            case 'x' -> hex(2);
            case 'u' -> hex(4);
            case 'U' -> hex(8);
            default -> throw error("unknown escape '\\" + e + "'");
        };
    }

    private int hex(int n) {
        if (pos + n > src.length()) {
            throw error("truncated hex escape");
        }
        try {
            int v = Integer.parseInt(src.substring(pos, pos + n), 16);
            pos += n;
            if (v > CharClass.MAX_CP) {
                throw error("code point beyond U+10FFFF");
            }
            return v;
        } catch (NumberFormatException e) {
            throw error("bad hex escape");
        }
    }

    private int number() {
        int start = pos;
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            pos++;
        }
        if (start == pos || pos - start > 6) {
            throw error("expected a repetition count");
        }
        return Integer.parseInt(src.substring(start, pos));
    }

    private String name() {
        int start = pos;
        while (pos < src.length() && isNameChar(src.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a rule name");
        }
        return src.substring(start, pos);
    }

    /** Whether a new rule ({@code name ::=}) starts here, which ends the current rule's body. */
    private boolean atRuleStart() {
        int p = pos;
        while (p < src.length() && isNameChar(src.charAt(p))) {
            p++;
        }
        if (p == pos) {
            return false;
        }
        while (p < src.length() && (src.charAt(p) == ' ' || src.charAt(p) == '\t' || src.charAt(p) == '\n'
                || src.charAt(p) == '\r')) {
            p++;
        }
        return src.startsWith("::=", p);
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    private void skipSpace(boolean newlines) {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == ' ' || c == '\t' || (newlines && (c == '\n' || c == '\r'))) {
                pos++;
            } else {
                return;
            }
        }
    }

    private GrammarError error(String what) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(pos, src.length()); i++) {
            if (src.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new GrammarError("grammar line " + line + ", column " + col + ": " + what);
    }
}
