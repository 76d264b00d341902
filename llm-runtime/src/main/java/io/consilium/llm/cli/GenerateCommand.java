package io.consilium.llm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consilium.llm.engine.EngineOptions;
import io.consilium.llm.engine.GenerateRequest;
import io.consilium.llm.engine.Generation;
import io.consilium.llm.engine.LlmEngine;
import io.consilium.llm.engine.TokenListener;
import io.consilium.llm.engine.TopLogit;
import io.consilium.llm.sample.SamplerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `consilium llm generate`: streams a completion of the prompt, or prints it as one JSON object. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate text from a prompt (streamed), or print ids, text and per-step top-5 logits with --json.")
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "the .gguf file")
    Path model;

    @Option(names = "--prompt", defaultValue = "", description = "prompt text (BOS is added as the vocab says)")
    String prompt;

    @Option(names = "-n", defaultValue = "128", description = "tokens to generate at most")
    int maxTokens;

    @Option(names = "--temp", defaultValue = "0.8", description = "temperature; 0 = greedy")
    float temperature;

    @Option(names = "--top-p", defaultValue = "0.95", description = "nucleus sampling threshold; 1 = off")
    float topP;

    @Option(names = "--top-k", defaultValue = "40", description = "keep the k most likely tokens; 0 = off")
    int topK;

    @Option(names = "--min-p", defaultValue = "0.05", description = "drop tokens below min-p × the top probability")
    float minP;

    @Option(names = "--repeat-penalty", defaultValue = "1.0", description = "repetition penalty; 1 = off")
    float repeatPenalty;

    @Option(names = "--seed", defaultValue = "1", description = "random seed")
    long seed;

    @Option(names = "--chat", description = "wrap the prompt in the model's chat template as one user message")
    boolean chat;

    @Option(names = "--json", description = "print one JSON object instead of streaming text")
    boolean json;

    @Option(names = {"-t", "--threads"}, defaultValue = "0", description = "compute threads (0 = all cores)")
    int threads;

    @Option(names = "--ctx", defaultValue = "0", description = "context length (0 = model's, capped at 4096)")
    int ctx;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SamplerConfig sampling = new SamplerConfig(temperature, topK, topP, minP, repeatPenalty, 0f, 0f, 64, seed);
        try (LlmEngine engine = LlmEngine.load(model, new EngineOptions(threads, ctx))) {
            var req = chat
                    ? new GenerateRequest(null, ChatPrompt.encode(engine, prompt), sampling, maxTokens, List.of(),
                    null, json ? 5 : 0)
                    : new GenerateRequest(prompt, null, sampling, maxTokens, List.of(), null, json ? 5 : 0);
            TokenListener listener = json ? TokenListener.NONE : (id, delta) -> {
                out.print(delta);
                out.flush();
            };
            Generation g = engine.generate(req, listener);
            if (json) {
                out.println(toJson(g));
            } else {
                out.println();
            }
            out.flush();
        }
        return 0;
    }

    static ObjectNode toJson(Generation g) {
        ObjectMapper om = new ObjectMapper();
        ObjectNode o = om.createObjectNode();
        ArrayNode p = o.putArray("prompt_tokens");
        for (int id : g.promptTokens()) {
            p.add(id);
        }
        ArrayNode t = o.putArray("tokens");
        for (int id : g.tokens()) {
            t.add(id);
        }
        o.put("text", g.text());
        o.put("stop_reason", g.stopReason().name().toLowerCase());
        ArrayNode steps = o.putArray("top");
        for (List<TopLogit> step : g.top()) {
            ArrayNode s = steps.addArray();
            for (TopLogit tl : step) {
                s.addObject().put("id", tl.id()).put("piece", tl.piece()).put("logit", tl.logit());
            }
        }
        o.put("prefill_tps", g.prefillTokensPerSecond());
        o.put("decode_tps", g.decodeTokensPerSecond());
        return o;
    }
}
