package io.consilium.llm.serve.bus;

import io.consilium.llm.LlmUserError;
import io.consilium.llm.engine.BatchEngine;
import io.consilium.llm.engine.BatchListener;
import io.consilium.llm.engine.BatchOptions;
import io.consilium.llm.engine.BatchResult;
import io.consilium.llm.engine.BusyException;
import io.consilium.llm.engine.LlmEngine;
import io.consilium.llm.sample.SamplerConfig;
import io.consilium.llm.serve.ApiError;
import io.consilium.llm.serve.ChatRequest;
import io.consilium.llm.serve.LlmService;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The bus generator over the continuous-batching engine: concurrent requests share decode steps and a shared
 * prompt prefix, and a request's {@code jsonSchema} becomes a grammar constraint, so the answer always parses and
 * validates. The prompt is used as raw text (the caller's own template); BOS is added as the vocabulary says.
 */
public final class BatchTextGenerator implements TextGenerator {
    private final LlmService service;
    private final BatchEngine batch;
    private final String name;
    private final boolean ownsEngine;

    public BatchTextGenerator(LlmService service) {
        this.service = service;
        this.batch = service.batch();
        this.name = service.modelName();
        this.ownsEngine = false;
    }

    /** Wraps an engine (which this generator then closes) with {@code parallel} sequences. */
    public BatchTextGenerator(LlmEngine engine, String name, int parallel) {
        this.batch = new BatchEngine(engine, BatchOptions.of(parallel));
        this.service = new LlmService(batch, name, null);
        this.name = name;
        this.ownsEngine = true;
    }

    @Override
    public String modelName() {
        return name;
    }

    @Override
    public int concurrency() {
        return batch.options().maxSequences() * 2;
    }

    @Override
    public LlmResponse generate(LlmRequest request) {
        return generate(request, null);
    }

    @Override
    public LlmResponse generate(LlmRequest r, Consumer<String> onText) {
        long start = System.nanoTime();
        long deadline = r.timeoutMillis() > 0 ? start + r.timeoutMillis() * 1_000_000 : 0;
        SamplerConfig sampler = r.temperature() <= 0 ? SamplerConfig.greedy().withSeed(r.seed())
                : SamplerConfig.defaults(r.seed()).withTemperature((float) r.temperature());
        String format = r.jsonSchema() == null || r.jsonSchema().isBlank() ? "text" : "json_schema";
        ChatRequest req = new ChatRequest(null, r.prompt(), sampler, r.maxTokens(), List.of(), false, false, List.of(),
                "none", format, "text".equals(format) ? null : r.jsonSchema(), r.priority());
        try {
            LlmService.Prepared p = service.prepare(req, deadline);
            BatchListener listener = onText == null ? BatchListener.NONE : new BatchListener() {
                @Override
                public void onToken(int id, String text) {
                    if (!text.isEmpty()) {
                        onText.accept(text);
                    }
                }

                @Override
                public void onDone(BatchResult result) {
                }
            };
            BatchResult res = batch.submit(p.request(), listener).result().get();
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (res.reason() == BatchResult.Reason.ERROR) {
                return LlmResponse.error(r.id(), name, res.error(), ms);
            }
            return new LlmResponse(LlmResponse.VERSION, r.id(), name, res.text(), p.promptTokens(),
                    res.tokens().length, res.finishReason(), null, ms);
        } catch (ApiError | LlmUserError | BusyException e) {
            return LlmResponse.error(r.id(), name, e.getMessage(), (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LlmResponse.error(r.id(), name, "interrupted", (System.nanoTime() - start) / 1_000_000);
        } catch (ExecutionException e) {
            return LlmResponse.error(r.id(), name, String.valueOf(e.getCause()), (System.nanoTime() - start) / 1_000_000);
        }
    }

    @Override
    public void close() {
        if (ownsEngine) {
            batch.close();
            batch.engine().close();
        }
    }
}
