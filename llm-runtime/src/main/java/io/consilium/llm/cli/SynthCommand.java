package io.consilium.llm.cli;

import io.consilium.llm.LlmUserError;
import io.consilium.llm.model.deepseek2.Deepseek2Architecture;
import io.consilium.llm.model.deepseek2.LegacyMlaLayout;
import io.consilium.llm.model.synth.SynthShape;
import io.consilium.llm.model.synth.SynthWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `consilium llm synth`: writes a synthetic model with random weights and the llama-spm vocab. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Write a synthetic GGUF model (random weights, fixed seed, llama-spm vocab).")
public final class SynthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--arch", required = true,
            description = "llama, mixtral, qwen2, qwen2moe, qwen3, qwen3moe, olmoe or deepseek2")
    String arch;

    @Option(names = "--shape", defaultValue = "test", description = "test (tiny) or bench (DESIGN.md shapes)")
    String shape;

    @Option(names = "--type", defaultValue = "Q8_0",
            description = "F32, F16, BF16, Q8_0, Q4_0, Q4_K_M, Q4_K, Q5_K or Q6_K")
    String type;

    @Option(names = "--out", required = true, description = "output .gguf file")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "random seed")
    long seed;

    @Option(names = "--legacy-mla", description = "deepseek2 only: the older attn_kv_b layout, which llama.cpp builds "
            + "from before the split attn_k_b/attn_v_b layout need")
    boolean legacyMla;

    @Override
    public Integer call() throws Exception {
        SynthShape s = SynthShape.of(arch, shape);
        if (legacyMla && !s.arch().equals(Deepseek2Architecture.NAME)) {
            throw new LlmUserError("--legacy-mla applies to --arch deepseek2 only");
        }
        if (legacyMla) {
            Path split = Files.createTempFile(out.toAbsolutePath().getParent(), ".synth-split", ".gguf");
            try {
                SynthWriter.write(s, type, seed, split);
                LegacyMlaLayout.convert(split, out);
            } finally {
                Files.deleteIfExists(split);
            }
        } else {
            SynthWriter.write(s, type, seed, out);
        }
        spec.commandLine().getOut().printf("wrote %s (%s, %s, %.1f MB)%n", out, s.name(), type,
                Files.size(out) / 1e6);
        return 0;
    }
}
