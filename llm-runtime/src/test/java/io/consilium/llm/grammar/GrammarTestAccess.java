package io.consilium.llm.grammar;

/** Lets tests in other packages drive a grammar with random logits over the real llama-spm vocabulary. */
public final class GrammarTestAccess {
    private GrammarTestAccess() {
    }

    public static GrammarTestAccess llamaSpm() {
        JsonSchemaConstraintTest.vocab();
        return new GrammarTestAccess();
    }

    /** A random answer the grammar allows (complete within maxTokens), decoded. */
    public String generate(String gbnf, long seed, int maxTokens) {
        return JsonSchemaConstraintTest.generate(JsonSchemaConstraintTest.masker(gbnf), seed, maxTokens);
    }

    /** The compiled masker of a GBNF text over the llama-spm vocabulary. */
    public TokenMasker masker(String gbnf) {
        return JsonSchemaConstraintTest.masker(gbnf);
    }

    public io.consilium.llm.tokenizer.Tokenizer tokenizer() {
        return JsonSchemaConstraintTest.tok;
    }
}
