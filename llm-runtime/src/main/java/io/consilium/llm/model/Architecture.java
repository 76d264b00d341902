package io.consilium.llm.model;

import io.consilium.llm.gguf.GgufMetadata;
import java.nio.file.Path;

/** One {@code general.architecture}: how to read its hyperparameters and assemble its layers from tensors. */
public interface Architecture {
    String name();

    ModelConfig config(GgufMetadata md, Path file, int vocabSize);

    TransformerModel build(ModelConfig cfg, TensorSource tensors);
}
