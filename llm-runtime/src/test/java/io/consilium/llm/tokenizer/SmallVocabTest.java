package io.consilium.llm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The algorithms on tiny hand-made vocabs, where the expected ids follow from the rules by hand. */
class SmallVocabTest {

    /** SPM vocab: 0 unk, 1 bos, 2 eos, 3..258 bytes, then pieces with scores. */
    static Vocabulary spm(String[] pieces, float[] pieceScores, int[] pieceTypes) {
        List<String> toks = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<Float> scores = new ArrayList<>(List.of(0f, 0f, 0f));
        List<Integer> types = new ArrayList<>(List.of(TokenType.UNKNOWN, TokenType.CONTROL, TokenType.CONTROL));
        for (int b = 0; b < 256; b++) {
            toks.add(String.format("<0x%02X>", b));
            scores.add(0f);
            types.add(TokenType.BYTE);
        }
        for (int i = 0; i < pieces.length; i++) {
            toks.add(pieces[i]);
            scores.add(pieceScores[i]);
            types.add(pieceTypes == null ? TokenType.NORMAL : pieceTypes[i]);
        }
        float[] s = new float[scores.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
        }
        return new Vocabulary("llama", "default", toks, s, types.stream().mapToInt(Integer::intValue).toArray(),
                List.of(), 1, 2, -1, -1, 0, -1, -1, true, false, true, false, "test");
    }

    static final int P = 259; // first piece id

    @Test
    void spmMergesByScoreWithSpacePrefixAndByteFallback() {
        String[] pieces = {"\u2581", "a", "b", "c", "\u2581a", "bc", "\u2581ab"};
        float[] scores = {-5, -5, -5, -5, -1, -0.5f, -0.1f};
        Tokenizer t = Tokenizers.create(spm(pieces, scores, null));
        // "abc" -> "▁abc": pairs ▁a(-1), ab(none), bc(-0.5) -> bc merges first, then ▁a + bc: "▁abc" not a token
        assertArrayEquals(new int[] {P + 4, P + 5}, t.encode("abc"));
        // "é" has no piece: its two UTF-8 bytes come out as byte tokens after "▁"
        assertArrayEquals(new int[] {P, 3 + 0xC3, 3 + 0xA9}, t.encode("é"));
        assertEquals("abc", t.decode(t.encode("abc")));
        assertEquals("é", t.decode(t.encode("é")));
        assertArrayEquals(new int[] {1, P + 4, P + 5}, t.encode("abc", true, false));
    }

    @Test
    void spmSpecialTokensOnlyWhenParsingSpecial() {
        String[] pieces = {"\u2581", "a", "<|u|>", "<", ">", "|", "u"};
        Tokenizer t = Tokenizers.create(spm(pieces, new float[] {-1, -1, 0, -1, -1, -1, -1},
                new int[] {1, 1, TokenType.CONTROL, 1, 1, 1, 1}));
        int[] parsed = t.encode("a<|u|>a", false, true);
        // a space is prefixed to the text after a special token, as llama.cpp does
        assertArrayEquals(new int[] {P, P + 1, P + 2, P, P + 1}, parsed);
        int[] plain = t.encode("a<|u|>a", false, false);
        assertFalse(contains(plain, P + 2));
        assertTrue(t.isControl(P + 2));
        assertEquals("a<|u|>a", t.decode(plain));
        assertEquals("a a", t.decode(parsed, false));
        assertEquals("a<|u|> a", t.decode(parsed, true));
    }

    static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /** BPE vocab over GPT-2 byte characters with explicit merges. */
    static Tokenizer bpe(List<String> extraTokens, List<String> merges, String pre) {
        List<String> toks = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            toks.add(String.valueOf(ByteLevel.charOf(b)));
        }
        toks.addAll(extraTokens);
        return Tokenizers.create(new Vocabulary("gpt2", pre, toks, null, null, merges,
                -1, -1, -1, -1, -1, -1, -1, false, false, false, false, "bpe-test"));
    }

    @Test
    void bpeMergesLowestRankFirst() {
        // tokens: "ab" (256), "bc" (257), "abc" (258); merges: b c (rank 0) before a b (rank 1)
        Tokenizer t = bpe(List.of("ab", "bc", "abc", "a\u0120"), List.of("b c", "a b", "a bc"), "gpt-2");
        assertArrayEquals(new int[] {258}, t.encode("abc"));
        // without the "a bc" merge the result would be a + bc; check rank order on "abab"
        assertArrayEquals(new int[] {256, 256}, t.encode("abab"));
        // ' ' is byte 0x20 -> 'Ġ' (U+0120), token id 0x20 here since ids 0..255 are the byte characters;
        // " ab" pre-tokenizes to one word, and no merge joins Ġ with a
        int space = ByteLevel.charOf(' ');
        assertEquals(0x120, space);
        assertArrayEquals(new int[] {' ', 256}, t.encode(" ab"));
        assertEquals(" ab", t.decode(t.encode(" ab")));
    }

    @Test
    void gpt2PreTokenizerSplitsContractionsLettersDigitsAndSpaces() {
        PreTokenizer pre = PreTokenizer.forName("gpt-2");
        assertEquals(List.of("Hello", "'s", " world", "  ", " 42", "!!", " "), words(pre, "Hello's world   42!! "));
        PreTokenizer llama3 = PreTokenizer.forName("llama-bpe");
        assertEquals(List.of("Hello", "'S", " world", "123", "4", "\n\n", " x"), words(llama3, "Hello'S world1234\n\n x"));
        PreTokenizer qwen = PreTokenizer.forName("qwen2");
        assertEquals(List.of("a", "1", "2", "3"), words(qwen, "a123"));
    }

    static List<String> words(PreTokenizer pre, String s) {
        PreText pt = new PreText(s);
        IntArray segs = pre.split(pt);
        List<String> out = new ArrayList<>();
        int cp = 0;
        for (int i = 0; i < segs.size(); i++) {
            out.add(s.substring(pt.cpToChar[cp], pt.cpToChar[cp + segs.get(i)]));
            cp += segs.get(i);
        }
        return out;
    }
}
