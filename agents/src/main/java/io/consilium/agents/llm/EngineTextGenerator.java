package io.consilium.agents.llm;

import io.consilium.llm.engine.GenerateRequest;
import io.consilium.llm.engine.Generation;
import io.consilium.llm.engine.LlmEngine;
import io.consilium.llm.sample.SamplerConfig;
import io.consilium.llm.serve.bus.LlmRequest;
import io.consilium.llm.serve.bus.LlmResponse;
import io.consilium.llm.serve.bus.TextGenerator;
import java.util.List;

/**
 * The in-process model behind the bus verticle: one {@link LlmEngine} (which serialises calls and
 * refuses event-loop threads). The request's time budget is enforced between tokens: past it, the
 * generation stops and answers "timeout", which the strategy treats as a hold.
 */
public final class EngineTextGenerator implements TextGenerator {
    private final LlmEngine engine;
    private final String name;

    public EngineTextGenerator(LlmEngine engine, String name) {
        this.engine = engine;
        this.name = name;
    }

    @Override
    public String modelName() {
        return name;
    }

    private static final class OutOfTime extends RuntimeException {
        OutOfTime() {
            super(null, null, false, false);
        }
    }

    @Override
    public LlmResponse generate(LlmRequest r) {
        long start = System.nanoTime();
        long deadline = r.timeoutMillis() > 0 ? start + r.timeoutMillis() * 1_000_000 : Long.MAX_VALUE;
        SamplerConfig sampler = r.temperature() <= 0 ? SamplerConfig.greedy()
                : SamplerConfig.defaults(r.seed()).withTemperature((float) r.temperature());
        // Answers are one JSON object: stop at the first newline after it rather than run to maxTokens.
        GenerateRequest req = new GenerateRequest(r.prompt(), null, sampler, r.maxTokens(), List.of("}\n"), null, 0);
        try {
            Generation g = engine.generate(req, (id, text) -> {
                if (System.nanoTime() > deadline) {
                    throw new OutOfTime();
                }
            });
            String text = g.stopReason() == Generation.StopReason.STOP_STRING ? g.text() + "}" : g.text();
            String finish = g.stopReason() == Generation.StopReason.MAX_TOKENS ? "length" : "stop";
            return new LlmResponse(LlmResponse.VERSION, r.id(), name, text, g.promptTokens().length, g.tokens().length,
                    finish, null, (System.nanoTime() - start) / 1_000_000);
        } catch (OutOfTime e) {
            return new LlmResponse(LlmResponse.VERSION, r.id(), name, "", 0, 0, "timeout", null,
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
