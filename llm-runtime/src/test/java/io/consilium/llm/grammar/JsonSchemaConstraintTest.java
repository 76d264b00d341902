package io.consilium.llm.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.consilium.llm.gguf.GgufFile;
import io.consilium.llm.tokenizer.Tokenizer;
import io.consilium.llm.tokenizer.Tokenizers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives the token mask with random logits over the real llama-spm vocabulary (a model that would say anything)
 * and checks that every answer parses and validates against its schema with an independent validator — also when
 * the token budget is tight.
 */
class JsonSchemaConstraintTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static Tokenizer tok;
    static VocabTrie trie;

    static final String DECISION = """
            {"type":"object","properties":{
              "action":{"enum":["buy","sell","hold"]},
              "size":{"type":"integer","minimum":0,"maximum":5000},
              "confidence":{"type":"number","minimum":0,"maximum":1},
              "delta":{"type":"number","minimum":-3,"maximum":-1},
              "reason":{"type":"string","minLength":3,"maxLength":40},
              "tags":{"type":"array","items":{"type":"string","maxLength":8},"minItems":1,"maxItems":3},
              "venue":{"anyOf":[{"const":"uniswap-v2"},{"type":"null"}]},
              "limits":{"$ref":"#/$defs/limits"},
              "ok":{"type":"boolean"}},
             "required":["action","size","reason","tags","limits"],
             "additionalProperties":false,
             "$defs":{"limits":{"type":"object","properties":{"lo":{"type":"integer","minimum":-50,"maximum":-3},
                                                              "hi":{"type":["integer","null"]}},
                                "required":["lo"],"additionalProperties":false}}}
            """;

    @BeforeAll
    static void vocab() {
        Path p = Path.of(System.getProperty("consilium.shared"), "data", "tokenizer", "ggml-vocab-llama-spm.gguf");
        try (GgufFile f = GgufFile.open(p)) {
            tok = Tokenizers.fromGguf(f);
        }
        trie = VocabTrie.of(tok);
    }

    static String generate(TokenMasker masker, long seed, int maxTokens) {
        GrammarConstraint c = new GrammarConstraint(masker);
        SplittableRandom r = new SplittableRandom(seed);
        List<Integer> out = new ArrayList<>();
        float[] logits = new float[tok.vocabSize()];
        for (int step = 0; step < maxTokens; step++) {
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) r.nextGaussian() * 3;
            }
            c.apply(logits, maxTokens - step);
            int best = 0;
            for (int i = 1; i < logits.length; i++) {
                if (logits[i] > logits[best]) {
                    best = i;
                }
            }
            assertTrue(logits[best] > Float.NEGATIVE_INFINITY, "the mask left no token");
            c.accept(best);
            if (tok.isEog(best)) {
                break;
            }
            out.add(best);
            if (c.finished()) {
                break;
            }
        }
        assertTrue(c.accepting(), "incomplete after " + maxTokens + " tokens");
        return tok.decode(out.stream().mapToInt(Integer::intValue).toArray(), false);
    }

    static TokenMasker masker(String gbnf) {
        return new TokenMasker(new GrammarStates(Grammar.parse(gbnf)), trie, 4096);
    }

    @Test
    void randomModelAnswersAlwaysValidate() throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(DECISION);
        TokenMasker m = masker(JsonSchemaGrammar.toGbnf(DECISION));
        int min = new GrammarConstraint(m).minTokens();
        for (int seed = 0; seed < 12; seed++) {
            int budget = seed % 3 == 0 ? 400 : min + seed * 7;
            String text = generate(m, seed, budget);
            JsonNode node = JSON.readTree(text);
            Set<ValidationMessage> errors = schema.validate(node);
            assertTrue(errors.isEmpty(), text + " -> " + errors);
        }
        long[] stats = m.stats();
        assertTrue(stats[1] > stats[0], "per-state masks are reused: walks " + stats[0] + ", hits " + stats[1]);
    }

    @Test
    void tightBudgetStillGivesACompleteAnswer() throws Exception {
        String s = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"array\","
                + "\"items\":{\"type\":\"integer\"}}},\"required\":[\"a\",\"b\"]}";
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(s);
        TokenMasker m = masker(JsonSchemaGrammar.toGbnf(s));
        int min = new GrammarConstraint(m).minTokens();
        for (int seed = 0; seed < 5; seed++) {
            String text = generate(m, 100 + seed, min + seed);
            assertTrue(schema.validate(JSON.readTree(text)).isEmpty(), text);
        }
    }

    @Test
    void jsonObjectModeGivesAnObject() throws Exception {
        TokenMasker m = masker(JsonSchemaGrammar.anyObject());
        for (int seed = 0; seed < 4; seed++) {
            assertTrue(JSON.readTree(generate(m, seed, 80)).isObject());
        }
    }

    @Test
    void recursiveDefinitions() throws Exception {
        String s = """
                {"$ref":"#/$defs/node","$defs":{"node":{"type":"object","properties":{"v":{"type":"integer"},
                 "kids":{"type":"array","items":{"$ref":"#/$defs/node"},"maxItems":2}},"required":["v","kids"]}}}
                """;
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(s);
        TokenMasker m = masker(JsonSchemaGrammar.toGbnf(s));
        for (int seed = 0; seed < 4; seed++) {
            String text = generate(m, seed, 120);
            assertTrue(schema.validate(JSON.readTree(text)).isEmpty(), text);
        }
    }

    @Test
    void unsupportedKeywordsAreRefusedNotIgnored() {
        assertTrue(assertThrows(GrammarError.class, () -> JsonSchemaGrammar.toGbnf(
                "{\"type\":\"string\",\"pattern\":\"^a+$\"}")).getMessage().contains("pattern"));
        assertTrue(assertThrows(GrammarError.class, () -> JsonSchemaGrammar.toGbnf(
                "{\"$ref\":\"#/$defs/missing\"}")).getMessage().contains("points at nothing"));
        assertThrows(GrammarError.class, () -> JsonSchemaGrammar.toGbnf("{not json"));
        assertEquals("\"\\\"a\\\\\\\"b\\\"\"", JsonSchemaGrammar.literal(JSON.getNodeFactory().textNode("a\"b")));
    }

    /** Whether the grammar accepts exactly this text. */
    static boolean accepts(String gbnf, String text) {
        GrammarStates g = new GrammarStates(Grammar.parse(gbnf));
        long sp = GrammarStates.pack(g.initial(), GrammarStates.NO_PARTIAL);
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            sp = g.nextByte(sp, b);
            if (sp < 0) {
                return false;
            }
        }
        return GrammarStates.partialOf(sp) == GrammarStates.NO_PARTIAL && g.accepting(GrammarStates.stateOf(sp));
    }

    @Test
    void optionalPropertiesMayBeLeftOut() throws Exception {
        String s = """
                {"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"string"},"c":{"type":"boolean"},
                 "d":{"type":"null"}},"required":["b"],"additionalProperties":false}""";
        String g = JsonSchemaGrammar.toGbnf(s);
        for (String ok : List.of("{\"b\":\"x\"}", "{\"a\":1,\"b\":\"x\"}", "{\"b\":\"x\",\"d\":null}",
                "{ \"a\":1,\"b\":\"x\",\"c\":true,\"d\":null }", "{\"b\":\"x\",\"c\":false}")) {
            assertTrue(accepts(g, ok), ok);
        }
        for (String bad : List.of("{}", "{\"a\":1}", "{\"b\":\"x\",}", "{,\"b\":\"x\"}", "{\"a\":1\"b\":\"x\"}",
                "{\"b\":\"x\",\"b\":\"y\"}")) {
            assertFalse(accepts(g, bad), bad);
        }
        String none = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"integer\"}}}";
        String gn = JsonSchemaGrammar.toGbnf(none);
        for (String ok : List.of("{}", "{\"a\":1}", "{\"b\":2}", "{\"a\":1,\"b\":2}")) {
            assertTrue(accepts(gn, ok), ok);
        }
        assertFalse(accepts(gn, "{\"b\":2,\"a\":1}"), "declared order is kept");
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(s);
        TokenMasker m = masker(g);
        for (int seed = 0; seed < 6; seed++) {
            String text = generate(m, 200 + seed, 60);
            assertTrue(schema.validate(JSON.readTree(text)).isEmpty(), text);
        }
    }

    @Test
    void oneOfIsExactlyOneWhenDisjointElseRefused() throws Exception {
        String tagged = """
                {"oneOf":[{"type":"object","properties":{"kind":{"const":"swap"},"amount":{"type":"integer"}},
                            "required":["kind","amount"]},
                          {"type":"object","properties":{"kind":{"enum":["hold","wait"]}},"required":["kind"]},
                          {"type":"string","maxLength":5},{"type":"null"}]}""";
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(tagged);
        TokenMasker m = masker(JsonSchemaGrammar.toGbnf(tagged));
        for (int seed = 0; seed < 6; seed++) {
            String text = generate(m, 300 + seed, 40);
            assertTrue(schema.validate(JSON.readTree(text)).isEmpty(), text);
        }
        assertTrue(accepts(JsonSchemaGrammar.toGbnf("{\"oneOf\":[{\"const\":1},{\"enum\":[2,\"1\"]}]}"), "2"));
        for (String overlapping : List.of(
                "{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"string\",\"maxLength\":3}]}",
                "{\"oneOf\":[{\"type\":\"number\"},{\"type\":\"integer\"}]}",
                "{\"oneOf\":[{\"const\":1},{\"enum\":[1.0,2]}]}",
                "{\"oneOf\":[{\"type\":\"object\",\"properties\":{\"k\":{\"const\":\"a\"}}},"
                        + "{\"type\":\"object\",\"properties\":{\"k\":{\"const\":\"b\"}}}]}")) {
            GrammarError e = assertThrows(GrammarError.class, () -> JsonSchemaGrammar.toGbnf(overlapping), overlapping);
            assertTrue(e.getMessage().contains("oneOf") && e.getMessage().contains("anyOf"), e.getMessage());
        }
    }
}
