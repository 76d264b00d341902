package io.consilium.llm.model.llama;

import io.consilium.llm.gguf.GgufMetadata;
import io.consilium.llm.model.Architecture;
import io.consilium.llm.model.AttentionConfig;
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

/** llama: dense Llama 1/2/3, and Mixtral when {@code llama.expert_count} is set (softmax top-k, renormalised). Rope in normal (adjacent pairs) mode. */
public final class LlamaArchitecture implements Architecture {
    public static final String NAME = "llama";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelConfig config(GgufMetadata md, Path file, int vocabSize) {
        ConfigReader r = new ConfigReader(md, NAME, file);
        MoeConfig moe = FamilyConfigs.moe(r, true, false);
        return FamilyConfigs.gqa(r, vocabSize, RopeConfig.Type.NORM, AttentionConfig.QkNorm.NONE, moe);
    }


    @Override
    public TransformerModel build(ModelConfig cfg, TensorSource ts) {
        Rope rope = StandardLayers.rope(cfg, ts);
        return StandardLayers.assemble(cfg, ts, l -> StandardLayers.gqa(cfg, ts, l, rope));
    }
}
