package io.consilium.llm.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GbnfGrammarTest {
    /** Whether the whole text is a sentence of the grammar, fed byte by byte as generation does. */
    static boolean accepts(GrammarStates g, String text) {
        long sp = GrammarStates.pack(g.initial(), GrammarStates.NO_PARTIAL);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            sp = g.nextByte(sp, b);
            if (sp < 0) {
                return false;
            }
        }
        return GrammarStates.partialOf(sp) == 0 && g.accepting(GrammarStates.stateOf(sp));
    }

    static GrammarStates states(String gbnf) {
        return new GrammarStates(Grammar.parse(gbnf));
    }

    @Test
    void literalsClassesGroupsAndRepetitions() {
        GrammarStates g = states("""
                # a comment
                root ::= greeting (" " name)+ "!"?
                greeting ::= "hi" | "hello"
                name ::= [A-Z] [a-z]{1,3}
                """);
        assertTrue(accepts(g, "hi Bob"));
        assertTrue(accepts(g, "hello Al Zed!"));
        assertFalse(accepts(g, "hi"));
        assertFalse(accepts(g, "hi bob"));
        assertFalse(accepts(g, "hi Bobby"));
        assertFalse(accepts(g, "hi Bob!!"));
    }

    @Test
    void negatedClassesAnyCharAndUnicode() {
        GrammarStates g = states("root ::= \"<\" [^<>]* \">\" . [\\u00e9-\\u00ea]");
        assertTrue(accepts(g, "<abc é>xé"));
        assertTrue(accepts(g, "<>€ê"));
        assertFalse(accepts(g, "<a<b>xé"));
        assertFalse(accepts(g, "<a>xe"));
    }

    @Test
    void partialUtf8IsRejectedAsSoonAsNoAllowedCharacterCanStartThatWay() {
        GrammarStates g = states("root ::= [a-z\\u00e9]+");
        long sp = GrammarStates.pack(g.initial(), 0);
        assertTrue(g.nextByte(sp, 0xC3) >= 0);          // é starts with C3
        assertTrue(g.nextByte(sp, 0xE2) < 0);           // no allowed 3-byte character
        assertTrue(g.nextByte(g.nextByte(sp, 0xC3), 0xA8) < 0); // è is not allowed
    }

    @Test
    void distanceIsTheShortestCompletion() {
        GrammarStates g = states("root ::= \"{\" (\"ab\" | \"c\") \"}\" ");
        assertEquals(3, g.distance(g.initial()));
        int s = g.next(g.initial(), '{');
        assertEquals(2, g.distance(s));
        assertEquals(2, g.distance(g.next(s, 'a')));
        assertEquals(0, g.distance(g.next(g.next(s, 'c'), '}')));
    }

    @Test
    void distanceCountsEachCharacterByItsUtf8Bytes() {
        // a token per byte is all a vocabulary is sure to have: "｜" (3 bytes) may take 3 tokens
        GrammarStates g = states("root ::= \"a\" \"\uff5c\" ([\u00e9-\u00ff] | \"xy\") [^\"]");
        assertEquals(1 + 3 + 2 + 1, g.distance(g.initial()));
        long sp = GrammarStates.pack(g.next(g.initial(), 'a'), GrammarStates.NO_PARTIAL);
        assertEquals(3 + 2 + 1, g.distance(sp));
        long first = g.nextByte(sp, 0xEF);                 // first of 3 bytes of U+FF5C
        assertEquals(2 + 2 + 1, g.distance(first));
        assertEquals(1 + 2 + 1, g.distance(g.nextByte(first, 0xBD)));
    }

    @Test
    void errorsNameTheLineAndTheProblem() {
        GrammarError e = assertThrows(GrammarError.class, () -> Grammar.parse("root ::= a\n a ::= \"x"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(assertThrows(GrammarError.class, () -> Grammar.parse("root ::= b")).getMessage()
                .contains("'b' is used but never defined"));
        assertTrue(assertThrows(GrammarError.class, () -> Grammar.parse("start ::= \"x\"")).getMessage()
                .contains("root"));
        assertTrue(assertThrows(GrammarError.class, () -> states("root ::= root \"x\" | \"y\"")).getMessage()
                .contains("left-recursive"));
        assertTrue(assertThrows(GrammarError.class, () -> Grammar.parse("root ::= \"x\" root")).getMessage()
                .contains("never finish"));
    }

    @Test
    void integerRangesAcceptExactlyTheirMembers() {
        SplittableRandom r = new SplittableRandom(3);
        long[][] cases = {{0, 0}, {-5, 5}, {7, 123}, {-1200, -31}, {99, 1001}, {0, 9}, {-20, 0}, {15, 15}};
        for (long[] c : cases) {
            GrammarStates g = states("root ::= " + IntegerRanges.gbnf(c[0], c[1]));
            for (long v = c[0] - 30; v <= c[1] + 30; v++) {
                assertEquals(v >= c[0] && v <= c[1], accepts(g, Long.toString(v)), c[0] + ".." + c[1] + " at " + v);
            }
            assertFalse(accepts(g, "0" + Math.abs(c[1])), "leading zero");
            for (int i = 0; i < 50; i++) {
                long lo = r.nextLong(-100000, 100000);
                long hi = lo + r.nextLong(0, 50000);
                GrammarStates h = states("root ::= " + IntegerRanges.gbnf(lo, hi));
                long v = r.nextLong(lo - 1000, hi + 1000);
                assertEquals(v >= lo && v <= hi, accepts(h, Long.toString(v)), lo + ".." + hi + " at " + v);
            }
        }
    }
}
