package io.consilium.llm.model.qwen2;

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

/** qwen2: dense with q/k/v biases, NeoX rope. */
public final class Qwen2Architecture implements Architecture {
    public static final String NAME = "qwen2";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelConfig config(GgufMetadata md, Path file, int vocabSize) {
        ConfigReader r = new ConfigReader(md, NAME, file);
        MoeConfig moe = FamilyConfigs.moe(r, false, false);
        return FamilyConfigs.gqa(r, vocabSize, RopeConfig.Type.NEOX, AttentionConfig.QkNorm.NONE, moe);
    }


    @Override
    public TransformerModel build(ModelConfig cfg, TensorSource ts) {
        Rope rope = StandardLayers.rope(cfg, ts);
        return StandardLayers.assemble(cfg, ts, l -> StandardLayers.gqa(cfg, ts, l, rope));
    }
}
