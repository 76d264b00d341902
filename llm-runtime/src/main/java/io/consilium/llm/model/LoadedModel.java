package io.consilium.llm.model;

import io.consilium.llm.gguf.GgufFile;
import io.consilium.llm.tokenizer.Tokenizer;

/** A model whose weights are mapped from {@code file}; closing it unmaps them. */
public record LoadedModel(GgufFile file, Tokenizer tokenizer, ModelConfig config, TransformerModel model)
        implements AutoCloseable {
    @Override
    public void close() {
        file.close();
    }
}
