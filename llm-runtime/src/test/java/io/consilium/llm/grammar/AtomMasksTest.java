package io.consilium.llm.grammar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The atom-chain masks must be exactly the trie walk's masks (same tokens, same states after, same distances) in
 * every state a random answer passes through, for JSON schema grammars over the real llama-spm vocabulary and for a
 * GBNF grammar with non-ASCII classes over a vocabulary with multi-byte and partial-character tokens.
 */
class AtomMasksTest {
    @BeforeAll
    static void vocab() {
        JsonSchemaConstraintTest.vocab();
    }

    @Test
    void jsonSchemaMasksEqualTheTrieWalk() {
        TokenMasker m = JsonSchemaConstraintTest.masker(JsonSchemaGrammar.toGbnf(JsonSchemaConstraintTest.DECISION));
        int checked = compareAlongRandomAnswers(m, 6, 120);
        assertTrue(checked > 100, "states compared: " + checked);
    }

    @Test
    void anyObjectMasksEqualTheTrieWalk() {
        TokenMasker m = JsonSchemaConstraintTest.masker(JsonSchemaGrammar.anyObject());
        assertTrue(compareAlongRandomAnswers(m, 4, 80) > 50);
    }

    @Test
    void unicodeClassesAndPartialTokens() {
        List<byte[]> pieces = new ArrayList<>();
        for (String s : List.of("a", "ab", "é", "éé", "aé", "€", "€a", "日本", "本", "x", "\"", "a\"", "🙂", "z")) {
            pieces.add(s.getBytes(StandardCharsets.UTF_8));
        }
        for (int b = 0x80; b < 0x100; b += 7) {
            pieces.add(new byte[] {(byte) b}); // byte-fallback pieces: never whole characters
        }
        pieces.add(new byte[] {(byte) 0xE2, (byte) 0x82}); // the first two bytes of €
        pieces.add(new byte[] {(byte) 0xC0, (byte) 0x80}); // overlong: never valid
        pieces.add(null);
        VocabTrie trie = VocabTrie.of(pieces, new int[] {pieces.size() - 1});
        String gbnf = """
                root ::= item{1,6} "\\""
                item ::= [a-zé] | [€-€] [a]? | "日本" | [^a-z"\\x00-\\x7F]
                """;
        TokenMasker m = new TokenMasker(new GrammarStates(Grammar.parse(gbnf)), trie, 64);
        assertTrue(compareAlongRandomAnswers(m, 20, 12) > 20);
    }

    /** Generates random answers, comparing the two masks in every state met; returns how many were compared. */
    private static int compareAlongRandomAnswers(TokenMasker m, int answers, int maxTokens) {
        SplittableRandom r = new SplittableRandom(42);
        int compared = 0;
        for (int a = 0; a < answers; a++) {
            long state = GrammarStates.pack(m.states().initial(), GrammarStates.NO_PARTIAL);
            for (int step = 0; step < maxTokens; step++) {
                Mask fast = m.mask(state);
                Mask slow = m.maskByTrie(state);
                int[] tokens = slow.allTokens();
                assertArrayEquals(tokens, fast.allTokens(), "tokens at step " + step);
                for (int t : tokens) {
                    assertEquals(slow.after(t), fast.after(t), "state after token " + t + ", step " + step);
                    assertEquals(slow.dist(t), fast.dist(t), "distance after token " + t + ", step " + step);
                }
                assertEquals(slow.maxDist(), fast.maxDist());
                compared++;
                if (tokens.length == 0) {
                    break;
                }
                // prefer short tokens now and then so deep states (long strings, many items) are reached too
                int i = r.nextInt(tokens.length);
                state = fast.after(tokens[i]);
            }
        }
        return compared;
    }
}
