package io.consilium.llm.model.synth;

import io.consilium.llm.LlmUserError;
import java.util.List;

/**
 * Hyperparameters of a synthetic model. {@code test} shapes are tiny (fast unit tests) but keep every matrix's
 * input width a multiple of 256 so K-quants apply; {@code bench} shapes are the ones DESIGN.md specifies.
 *
 * @param arch       GGUF architecture written to the file
 * @param nExpert    0 for a dense model
 * @param sharedFf   shared-expert width (qwen2moe: gated; deepseek2: n_shared × expertFf)
 * @param qLora      deepseek2 q-LoRA rank (0 = plain attn_q)
 * @param yarnFactor rope scaling factor with YaRN (≤ 1 = none)
 */
public record SynthShape(String name, String arch, int nEmbd, int nLayer, int nHead, int nHeadKv, int headDim,
                         int nFf, int nExpert, int nExpertUsed, int expertFf, int sharedFf, int qLora, int kvLora,
                         int nope, int rope, int vDim, int leadingDense, int nGroup, int nGroupUsed,
                         float yarnFactor, int context) {

    /** Architectures accepted by {@code llm synth --arch}; {@code mixtral} is llama with experts. */
    public static final List<String> ARCHS =
            List.of("llama", "mixtral", "qwen2", "qwen2moe", "qwen3", "qwen3moe", "olmoe", "deepseek2");

    /** Test shapes reuse the embedding as the output projection (no output.weight). */
    public boolean tiedOutput() {
        return name.endsWith("-test");
    }

    public boolean moe() {
        return nExpert > 0;
    }

    public static SynthShape of(String arch, String shape) {
        boolean bench = switch (shape) {
            case "bench" -> true;
            case "test" -> false;
            default -> throw new LlmUserError("unknown --shape '" + shape + "'; use test or bench");
        };
        String name = arch + "-" + shape;
        return switch (arch) {
            case "llama" -> bench
                    ? dense(name, "llama", 1024, 8, 16, 4, 2816)
                    : dense(name, "llama", 256, 2, 4, 2, 512);
            case "qwen2", "qwen3" -> bench
                    ? dense(name, arch, 1024, 8, 16, 4, 2816)
                    : dense(name, arch, 256, 2, 4, 2, 512);
            case "mixtral" -> bench
                    ? moe(name, "llama", 1024, 8, 16, 4, 8, 2, 1024, 0)
                    : moe(name, "llama", 256, 2, 4, 2, 4, 2, 256, 0);
            case "qwen2moe" -> bench
                    ? moe(name, arch, 1024, 8, 16, 4, 32, 4, 512, 2816)
                    : moe(name, arch, 256, 2, 4, 2, 8, 2, 256, 512);
            case "qwen3moe" -> bench
                    ? moe(name, arch, 1024, 8, 16, 4, 32, 4, 512, 0)
                    : moe(name, arch, 256, 2, 4, 2, 8, 2, 256, 0);
            case "olmoe" -> bench
                    ? moe(name, arch, 1024, 8, 16, 16, 32, 4, 512, 0)
                    : moe(name, arch, 256, 2, 4, 4, 8, 2, 256, 0);
            case "deepseek2" -> bench
                    ? new SynthShape(name, arch, 1024, 8, 16, 16, 0, 2816, 32, 4, 512, 512, 512, 256, 64, 32, 64,
                    1, 0, 0, 0f, 4096)
                    : new SynthShape(name, arch, 256, 3, 4, 4, 0, 512, 8, 2, 256, 256, 256, 256, 32, 16, 32,
                    1, 4, 2, 4f, 256);
            default -> throw new LlmUserError("unknown --arch '" + arch + "'; use one of " + String.join(", ", ARCHS));
        };
    }

    private static SynthShape dense(String name, String arch, int d, int layers, int heads, int kv, int ff) {
        return new SynthShape(name, arch, d, layers, heads, kv, d / heads, ff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0f, d >= 1024 ? 4096 : 256);
    }

    private static SynthShape moe(String name, String arch, int d, int layers, int heads, int kv, int nExpert,
                                  int used, int expertFf, int sharedFf) {
        return new SynthShape(name, arch, d, layers, heads, kv, d / heads, expertFf, nExpert, used, expertFf,
                sharedFf, 0, 0, 0, 0, 0, 0, 0, 0, 0f, d >= 1024 ? 4096 : 256);
    }
}
