package io.consilium.llm.model;

import io.consilium.llm.model.synth.SynthShape;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every architecture in F32 against the reference forward pass (prefill + KV-cache decode). The other weight
 * types run in {@code ModelVsReferenceIT}, which takes minutes because quantizing the 32,000-token embedding is
 * slow.
 */
class ModelVsReferenceTest {
    @TempDir
    Path dir;

    static java.util.List<String> archs() {
        return SynthShape.ARCHS;
    }

    @ParameterizedTest(name = "{0} F32")
    @MethodSource("archs")
    void f32MatchesReference(String arch) {
        ReferenceCheck.check(arch, "F32", dir);
    }
}
