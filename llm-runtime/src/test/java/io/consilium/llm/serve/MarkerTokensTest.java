package io.consilium.llm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.llm.gguf.GgufFile;
import io.consilium.llm.grammar.Grammar;
import io.consilium.llm.grammar.GrammarConstraint;
import io.consilium.llm.grammar.GrammarStates;
import io.consilium.llm.grammar.TokenMasker;
import io.consilium.llm.grammar.VocabTrie;
import io.consilium.llm.tokenizer.TokenType;
import io.consilium.llm.tokenizer.Tokenizer;
import io.consilium.llm.tokenizer.Tokenizers;
import io.consilium.llm.tokenizer.Vocabulary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A vocabulary with a tool format's markers as control tokens (as Mistral's and Llama's are): the service shows
 * those tokens' text and its grammars offer them, so a forced call can open with the token the model was trained
 * to write instead of spelling "[TOOL_CALLS]" from ordinary pieces, and the call parser still sees the marker.
 */
class MarkerTokensTest {
    static Tokenizer tok;
    static int toolCalls;
    static int args;
    static int callId;

    @BeforeAll
    static void vocab() {
        Path p = Path.of(System.getProperty("consilium.shared"), "data", "tokenizer", "ggml-vocab-llama-spm.gguf");
        Vocabulary v;
        try (GgufFile f = GgufFile.open(p)) {
            v = Tokenizers.vocabulary(f.metadata(), p.toString());
        }
        List<String> tokens = new ArrayList<>(v.tokens());
        int n = tokens.size();
        tokens.addAll(List.of("[TOOL_CALLS]", "[ARGS]", "[CALL_ID]"));
        float[] scores = Arrays.copyOf(v.scores(), n + 3);
        int[] types = Arrays.copyOf(v.types(), n + 3);
        Arrays.fill(types, n, n + 3, TokenType.CONTROL);
        tok = Tokenizers.create(new Vocabulary(v.model(), v.pre(), tokens, scores, types, v.merges(), v.bos(), v.eos(),
                v.eot(), v.eom(), v.unk(), v.sep(), v.pad(), v.addBos(), v.addEos(), v.addSpacePrefix(),
                v.ignoreMerges(), v.name()));
        toolCalls = n;
        args = n + 1;
        callId = n + 2;
    }

    @Test
    void theFormatsMarkersThatAreControlTokensAreFound() {
        assertEquals(Set.of(toolCalls, args, callId), LlmService.markerTokens(tok, ToolFormat.MISTRAL11));
        assertEquals(Set.of(toolCalls), LlmService.markerTokens(tok, ToolFormat.MISTRAL));
        assertEquals(Set.of(), LlmService.markerTokens(tok, ToolFormat.HERMES)); // <tool_call> is not a token here
    }

    @Test
    void aGrammarOffersAShownMarkerTokenWhereItsTextFitsAndNoOtherControlToken() {
        String gbnf = ToolCalls.grammar(ToolFormat.MISTRAL11, ToolFormatTest.TOOLS, "get_price");
        TokenMasker shown = masker(gbnf, LlmService.markerTokens(tok, ToolFormat.MISTRAL11));
        float[] logits = new float[tok.vocabSize()];
        new GrammarConstraint(shown).apply(logits, 1000);
        assertTrue(logits[toolCalls] == 0f, "[TOOL_CALLS] is offered as the first token");
        assertTrue(logits[args] == Float.NEGATIVE_INFINITY && logits[callId] == Float.NEGATIVE_INFINITY);
        assertTrue(logits[tok.bos()] == Float.NEGATIVE_INFINITY, "<s> is never offered");
        float[] plain = new float[tok.vocabSize()];
        new GrammarConstraint(masker(gbnf, Set.of())).apply(plain, 1000);
        assertTrue(plain[toolCalls] == Float.NEGATIVE_INFINITY, "without the shown set the marker token is not offered");
        // the steered call takes fewer tokens when the markers are single tokens
        assertTrue(LlmService.steeredLength(shown, tok) < LlmService.steeredLength(masker(gbnf, Set.of()), tok));
    }

    @Test
    void aModelWritingTheMarkerTokensGivesACompleteCallWhenTheirTextIsShown() {
        Set<Integer> shownIds = LlmService.markerTokens(tok, ToolFormat.MISTRAL11);
        String gbnf = ToolCalls.grammar(ToolFormat.MISTRAL11, ToolFormatTest.TOOLS, "get_price");
        TokenMasker m = masker(gbnf, shownIds);
        int budget = LlmService.steeredLength(m, tok);
        for (int seed = 0; seed < 8; seed++) {
            GrammarConstraint c = new GrammarConstraint(m);
            SplittableRandom r = new SplittableRandom(seed);
            List<Integer> out = new ArrayList<>();
            float[] logits = new float[tok.vocabSize()];
            for (int step = 0; step < budget && !c.accepting(); step++) {
                for (int i = 0; i < logits.length; i++) {
                    logits[i] = (float) r.nextGaussian() * 3;
                }
                logits[toolCalls] += 50; // a trained model writes its marker token
                logits[args] += 50;
                c.apply(logits, budget - step);
                int best = 0;
                for (int i = 1; i < logits.length; i++) {
                    if (logits[i] > logits[best]) {
                        best = i;
                    }
                }
                c.accept(best);
                out.add(best);
            }
            assertEquals(toolCalls, out.get(0), "the call opens with the marker token");
            assertTrue(out.contains(args), "and separates its arguments with [ARGS]");
            int[] ids = out.stream().mapToInt(Integer::intValue).toArray();
            String shownText = tok.decode(ids, true);
            ToolCalls.Parsed parsed = ToolCalls.parse(ToolFormat.MISTRAL11, shownText);
            assertEquals(1, parsed.calls().size(), shownText);
            assertEquals("get_price", parsed.calls().get(0).name());
            // hidden control text would lose the call: why the service shows the markers
            assertFalse(tok.decode(ids, false).contains("[TOOL_CALLS]"));
        }
    }

    private static TokenMasker masker(String gbnf, Set<Integer> shown) {
        return new TokenMasker(new GrammarStates(Grammar.parse(gbnf)), VocabTrie.of(tok, shown), 4096);
    }
}
