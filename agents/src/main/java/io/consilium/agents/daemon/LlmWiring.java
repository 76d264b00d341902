package io.consilium.agents.daemon;

import io.consilium.agents.AgentsUserError;
import io.consilium.llm.engine.EngineOptions;
import io.consilium.llm.engine.LlmEngine;
import io.consilium.llm.model.synth.SynthShape;
import io.consilium.llm.model.synth.SynthWriter;
import io.consilium.llm.serve.bus.BatchTextGenerator;
import io.consilium.llm.serve.bus.TextGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process model (or null when the config asks for the cluster's llm role). With no
 * {@code llm.model} the daemon makes a small synthetic model once (cached under .consilium/models/)
 * and says loudly that its weights are random.
 */
final class LlmWiring {
    private static final Logger log = LoggerFactory.getLogger(LlmWiring.class);

    private LlmWiring() {
    }

    static TextGenerator generator(DaemonConfig cfg, Map<String, Object> info, int llmStrategies) {
        DaemonConfig.Llm llm = cfg.llm();
        if (llm != null && Boolean.TRUE.equals(llm.remote())) {
            info.put("llm", "remote (cluster llm role)");
            return null;
        }
        Path model;
        boolean synthetic = llm == null || llm.model() == null || llm.model().isBlank();
        if (synthetic) {
            model = synthModel(llm == null ? null : llm.synth());
        } else {
            model = DaemonConfigLoader.resolve(llm.model());
            if (!Files.isRegularFile(model)) {
                throw new AgentsUserError("daemon config: key 'llm.model': no file " + model
                        + " (give a GGUF path, or leave it empty for the synthetic default)");
            }
        }
        int threads = llm == null || llm.threads() == null ? 1 : llm.threads();
        int ctx = llm == null || llm.ctx() == null ? 1024 : llm.ctx();
        LlmEngine engine = LlmEngine.load(model, new EngineOptions(threads, ctx));
        // A daemon runs for weeks: compile the kernels now and hand back the interpreter-era garbage (~1 GB on a
        // cold JVM) before trading, instead of carrying it in a grown heap.
        engine.warmUp();
        String name = model.getFileName().toString() + (synthetic ? " (synthetic, RANDOM weights)" : "");
        info.put("llm", name);
        // The batching engine decodes every LLM strategy's question together and turns the request's JSON Schema
        // into a grammar on the logits, so an answer that breaks the schema cannot be produced.
        int parallel = Math.max(2, llmStrategies);
        log.info("llm: in-process model {} ({} threads, context {}, {} sequences batched, answers schema-constrained)",
                name, threads, ctx, parallel);
        return new BatchTextGenerator(engine, name, parallel);
    }

    private static Path synthModel(DaemonConfig.Synth s) {
        String arch = s == null || s.arch() == null ? "qwen2moe" : s.arch();
        String shape = s == null || s.shape() == null ? "test" : s.shape();
        String type = s == null || s.type() == null ? "Q8_0" : s.type();
        long seed = s == null || s.seed() == null ? 1 : s.seed();
        Path dir = Path.of(".consilium", "models");
        Path file = dir.resolve(arch + "-" + shape + "-" + type + "-seed" + seed + ".gguf");
        if (!Files.isRegularFile(file)) {
            try {
                Files.createDirectories(dir);
                Path tmp = dir.resolve(file.getFileName() + ".tmp");
                SynthWriter.write(SynthShape.of(arch, shape), type, seed, tmp);
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.io.IOException e) {
                throw new AgentsUserError("cannot write the synthetic model to " + file + ": " + e.getMessage());
            }
            log.info("llm: generated the synthetic default model {} (llm synth --arch {} --shape {} --type {} --seed {})",
                    file, arch, shape, type, seed);
        }
        log.warn("llm: {} has RANDOM weights: its schema-constrained answers are valid but "
                + "meaningless, so LLM strategies trade noise. Put a real GGUF (e.g. Qwen3-30B-A3B or DeepSeek-V2-Lite Q4_K_M) in llm.model of the daemon config.", file);
        return file;
    }
}
