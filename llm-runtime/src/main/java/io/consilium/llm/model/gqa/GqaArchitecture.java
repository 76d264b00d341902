package io.consilium.llm.model.gqa;

import io.consilium.llm.gguf.GgufMetadata;
import io.consilium.llm.model.Architecture;
import io.consilium.llm.model.AttentionConfig.QkNorm;
import io.consilium.llm.model.ConfigReader;
import io.consilium.llm.model.FamilyConfigs;
import io.consilium.llm.model.ModelConfig;
import io.consilium.llm.model.MoeConfig;
import io.consilium.llm.model.RopeConfig;
import io.consilium.llm.model.StandardLayers;
import io.consilium.llm.model.TensorSource;
import io.consilium.llm.model.TransformerModel;
import io.consilium.llm.model.block.Rope;
import java.nio.file.Path;
import java.util.List;

/**
 * The families built from standard grouped-query attention and a dense or mixture-of-experts FFN. They differ only in
 * the rope mode, the q/k norm and the routing flags, so one parameterised class describes them all; DeepSeek's MLA
 * has its own package.
 *
 * @param moeRequired  the file must carry {@code ARCH.expert_count} (MoE-only families)
 * @param normTopK     renormalise the selected experts' softmax weights to sum to one
 * @param sharedExpert a shared expert scaled by a sigmoid gate ({@code ffn_gate_inp_shexp}) runs beside the routed ones
 */
public record GqaArchitecture(String name, RopeConfig.Type ropeType, QkNorm qkNorm, boolean moeRequired,
                              boolean normTopK, boolean sharedExpert) implements Architecture {

    /** Dense Llama 1/2/3, and Mixtral when {@code llama.expert_count} is set; rope over adjacent pairs. */
    public static final GqaArchitecture LLAMA = new GqaArchitecture("llama", RopeConfig.Type.NORM, QkNorm.NONE, false, true, false);
    /** Dense with q/k/v biases, NeoX rope. */
    public static final GqaArchitecture QWEN2 = new GqaArchitecture("qwen2", RopeConfig.Type.NEOX, QkNorm.NONE, false, false, false);
    /** Softmax routing without renormalisation plus a gated shared expert; q/k/v biases, NeoX rope. */
    public static final GqaArchitecture QWEN2MOE = new GqaArchitecture("qwen2moe", RopeConfig.Type.NEOX, QkNorm.NONE, true, false, true);
    /** Dense with per-head q/k RMS norms before rope, NeoX rope. */
    public static final GqaArchitecture QWEN3 = new GqaArchitecture("qwen3", RopeConfig.Type.NEOX, QkNorm.PER_HEAD, false, false, false);
    /** Per-head q/k norms, softmax top-k renormalised, NeoX rope. */
    public static final GqaArchitecture QWEN3MOE = new GqaArchitecture("qwen3moe", RopeConfig.Type.NEOX, QkNorm.PER_HEAD, true, true, false);
    /** q/k RMS norms over the whole projection, softmax routing without renormalisation, NeoX rope. */
    public static final GqaArchitecture OLMOE = new GqaArchitecture("olmoe", RopeConfig.Type.NEOX, QkNorm.FULL, true, false, false);

    public static List<GqaArchitecture> all() {
        return List.of(LLAMA, QWEN2, QWEN2MOE, QWEN3, QWEN3MOE, OLMOE);
    }

    @Override
    public ModelConfig config(GgufMetadata md, Path file, int vocabSize) {
        ConfigReader r = new ConfigReader(md, name, file);
        MoeConfig moe = moeRequired ? FamilyConfigs.requireMoe(r, normTopK, sharedExpert) : FamilyConfigs.moe(r, normTopK, sharedExpert);
        return FamilyConfigs.gqa(r, vocabSize, ropeType, qkNorm, moe);
    }

    @Override
    public TransformerModel build(ModelConfig cfg, TensorSource ts) {
        Rope rope = StandardLayers.rope(cfg, ts);
        return StandardLayers.assemble(cfg, ts, l -> StandardLayers.gqa(cfg, ts, l, rope));
    }
}
