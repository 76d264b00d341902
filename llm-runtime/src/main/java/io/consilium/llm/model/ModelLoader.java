package io.consilium.llm.model;

import io.consilium.llm.LlmUserError;
import io.consilium.llm.gguf.GgufFile;
import io.consilium.llm.gguf.GgufMetadata;
import io.consilium.llm.tokenizer.Tokenizer;
import io.consilium.llm.tokenizer.Tokenizers;
import java.nio.file.Path;

/** Opens a GGUF model in one order: metadata → vocabulary → tokenizer → config → weights. */
public final class ModelLoader {
    private ModelLoader() {
    }

    public static LoadedModel load(Path path) {
        GgufFile file = GgufFile.open(path);
        try {
            GgufMetadata md = file.metadata();
            String arch = md.getString("general.architecture", null);
            if (arch == null) {
                throw new LlmUserError("model file " + path + " lacks metadata key 'general.architecture'");
            }
            Architecture architecture = Architectures.forName(arch, path);
            if (!md.has("tokenizer.ggml.tokens")) {
                throw new LlmUserError("model file " + path + " lacks metadata key 'tokenizer.ggml.tokens'"
                        + " (no vocabulary)");
            }
            Tokenizer tokenizer = Tokenizers.fromGguf(file);
            ModelConfig config = architecture.config(md, path, tokenizer.vocabSize());
            TransformerModel model = architecture.build(config, new TensorSource(file));
            return new LoadedModel(file, tokenizer, config, model);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }
}
