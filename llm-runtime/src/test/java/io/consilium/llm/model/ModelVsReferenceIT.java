package io.consilium.llm.model;

import io.consilium.llm.model.synth.SynthShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every architecture × every quantized/half weight type against the reference forward pass. */
class ModelVsReferenceIT {
    @TempDir
    Path dir;

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String type : List.of("F16", "BF16", "Q8_0", "Q4_0", "Q4_K_M", "Q4_K", "Q5_K", "Q6_K")) {
            for (String arch : SynthShape.ARCHS) {
                out.add(Arguments.of(arch, type));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesReference(String arch, String type) {
        ReferenceCheck.check(arch, type, dir);
    }
}
