package io.consilium.llm.cli;

import io.consilium.llm.gguf.GgmlType;
import io.consilium.llm.gguf.GgufFile;
import io.consilium.llm.gguf.GgufMetadata;
import io.consilium.llm.gguf.GgufTensorInfo;
import io.consilium.llm.model.ModelConfig;
import io.consilium.llm.model.ModelLoader;
import io.consilium.llm.model.LoadedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `consilium llm info MODEL.gguf`: architecture, sizes, quantization, experts, context, KV cost. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show a GGUF model's architecture, sizes, quant types, experts, context and KV bytes/token.")
public final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "the .gguf file")
    Path model;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (LoadedModel lm = ModelLoader.load(model)) {
            GgufFile f = lm.file();
            GgufMetadata md = f.metadata();
            ModelConfig c = lm.config();
            long params = 0;
            long bytes = 0;
            Map<GgmlType, long[]> hist = new TreeMap<>();
            for (GgufTensorInfo t : f.tensors()) {
                params += t.elementCount();
                bytes += t.byteSize();
                long[] h = hist.computeIfAbsent(t.type(), k -> new long[2]);
                h[0]++;
                h[1] += t.byteSize();
            }
            out.printf("file          %s (GGUF v%d, %.1f MB)%n", model, f.version(), f.fileSize() / 1e6);
            out.printf("name          %s%n", md.getString("general.name", "-"));
            out.printf("architecture  %s%n", c.architecture());
            out.printf("parameters    %,d (%.2f B), tensor data %.1f MB%n", params, params / 1e9, bytes / 1e6);
            out.printf("layers        %d, embedding %d, vocab %d, context %d%n", c.nLayer(), c.nEmbd(),
                    c.vocabSize(), c.contextLength());
            var a = c.attention();
            if (c.isMla()) {
                var m = c.mla();
                out.printf("attention     MLA: %d heads, q_lora %d, kv_lora %d, qk_nope %d, qk_rope %d, v %d%n",
                        a.nHead(), m.qLoraRank(), m.kvLoraRank(), m.nopeDim(), m.ropeDim(), m.vDim());
            } else {
                out.printf("attention     %d heads / %d kv heads, head dim %d, qk-norm %s%n", a.nHead(),
                        a.nHeadKv(), a.headDimK(), a.qkNorm().name().toLowerCase());
            }
            out.printf("rope          %s, %d dims, base %.0f, scale %.3f%s%n", c.rope().type(), c.rope().nRot(),
                    c.rope().freqBase(), 1 / c.rope().freqScale(), c.rope().extFactor() != 0 ? " (YaRN)" : "");
            if (c.isMoe()) {
                var m = c.moe();
                out.printf("experts       %d, %d used per token, expert ff %d, shared ff %d%s, gating %s%s%s%s%n",
                        m.nExpert(), m.nExpertUsed(), m.expertFf(), m.sharedFf(), m.sharedGated() ? " (gated)" : "",
                        m.gating().name().toLowerCase(), m.normTopK() ? ", normalised top-k" : "",
                        m.weightsScale() != 1f ? ", scale " + m.weightsScale() : "",
                        m.groupLimited() ? ", groups " + m.nGroupUsed() + "/" + m.nGroup() : "");
                if (m.leadingDense() > 0) {
                    out.printf("dense layers  first %d (ff %d)%n", m.leadingDense(), c.nFf());
                }
            } else {
                out.printf("feed-forward  dense, ff %d%n", c.nFf());
            }
            out.printf("quant types   ");
            hist.forEach((t, h) -> out.printf("%s×%d (%.1f MB)  ", t, h[0], h[1] / 1e6));
            out.println();
            out.printf("weights/token %.1f MB read per decoded token%n", lm.model().weightBytesPerToken() / 1e6);
            out.printf("KV cache      %,d bytes/token", c.kvBytesPerToken());
            if (c.isMla()) {
                out.printf(" (latent; the expanded K/V form would be %,d, %.1fx more)", c.expandedKvBytesPerToken(),
                        (double) c.expandedKvBytesPerToken() / c.kvBytesPerToken());
            }
            out.println();
            out.printf("tokenizer     %s, %d tokens, bos %d, eos %d%n", md.getString("tokenizer.ggml.model", "-"),
                    lm.tokenizer().vocabSize(), lm.tokenizer().bos(), lm.tokenizer().eos());
            out.printf("chat template %s%n", md.has("tokenizer.chat_template") ? "present" : "none");
        }
        return 0;
    }

}
