package io.consilium.llm.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.llm.LlmUserError;
import io.consilium.llm.gguf.GgufFile;
import io.consilium.llm.gguf.GgufMetadata;
import io.consilium.llm.gguf.GgufTensorInfo;
import io.consilium.llm.gguf.GgufWriter;
import io.consilium.llm.model.synth.SynthShape;
import io.consilium.llm.model.synth.SynthWriter;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoaderTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void writeModel() {
        model = dir.resolve("qwen3moe.gguf");
        SynthWriter.write(SynthShape.of("qwen3moe", "test"), "F16", 3, model);
    }

    /** Copies the model, dropping tensors that match and overriding general.architecture if given. */
    private static Path variant(String name, Predicate<String> drop, String arch) {
        Path out = dir.resolve(name);
        try (GgufFile f = GgufFile.open(model)) {
            GgufWriter w = new GgufWriter();
            GgufMetadata md = f.metadata();
            w.putAll(md);
            if (arch != null) {
                w.putString("general.architecture", arch);
            }
            for (GgufTensorInfo t : f.tensors()) {
                if (!drop.test(t.name())) {
                    w.addTensor(t.name(), t.type(), t.shape(), f.data(t));
                }
            }
            w.write(out);
        }
        return out;
    }

    @Test
    void loadsAndReportsTheConfig() {
        try (LoadedModel lm = ModelLoader.load(model)) {
            assertTrue(lm.config().isMoe());
            assertTrue(lm.model().weightBytesPerToken() > 0);
        }
    }

    @Test
    void missingTensorNamesFileAndTensor() {
        Path p = variant("missing.gguf", n -> n.equals("blk.1.ffn_up_exps.weight"), null);
        LlmUserError e = assertThrows(LlmUserError.class, () -> ModelLoader.load(p));
        assertTrue(e.getMessage().contains("blk.1.ffn_up_exps.weight") && e.getMessage().contains("missing.gguf"),
                e.getMessage());
    }

    @Test
    void unsupportedArchitectureIsAUserError() {
        Path p = variant("gptj.gguf", n -> false, "gptj");
        LlmUserError e = assertThrows(LlmUserError.class, () -> ModelLoader.load(p));
        assertTrue(e.getMessage().contains("'gptj'") && e.getMessage().contains("deepseek2"), e.getMessage());
    }

    @Test
    void missingFileIsAUserError() {
        assertThrows(LlmUserError.class, () -> ModelLoader.load(dir.resolve("nope.gguf")));
    }
}
