package io.consilium.llm.serve.bus;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers generation requests on the bus by calling the generator on a dedicated worker pool, so
 * inference never runs on an event loop. The pool is as large as the generator's concurrency: with the
 * batching generator ({@link BatchTextGenerator}) concurrent requests are decoded together and queue by
 * priority. With a {@code streamAddress}, text pieces go there as {@link LlmToken}s while the answer is made.
 * Addresses are passed in by the caller, who owns the switchboard; request/response/token codecs must be
 * registered before this verticle deploys.
 */
public final class LlmBusVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(LlmBusVerticle.class);

    private final TextGenerator generator;
    private final String generateAddress;
    private final String pingAddress;
    private final int workers;
    private WorkerExecutor pool;
    private MessageConsumer<LlmRequest> generateConsumer;
    private MessageConsumer<Object> pingConsumer;

    public LlmBusVerticle(TextGenerator generator, String generateAddress, String pingAddress, int workers) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.generateAddress = Objects.requireNonNull(generateAddress, "generateAddress");
        this.pingAddress = Objects.requireNonNull(pingAddress, "pingAddress");
        this.workers = Math.max(Math.max(1, workers), generator.concurrency());
    }

    @Override
    public Future<?> start() {
        pool = vertx.createSharedWorkerExecutor("consilium-llm", workers);
        generateConsumer = vertx.eventBus().consumer(generateAddress, this::onGenerate);
        pingConsumer = vertx.eventBus().consumer(pingAddress, m -> m.reply(
                new LlmResponse(LlmResponse.VERSION, "ping", generator.modelName(), "", 0, 0, "stop", null, 0)));
        log.info("llm: serving {} with model {}", generateAddress, generator.modelName());
        return Future.all(generateConsumer.completion(), pingConsumer.completion());
    }

    private void onGenerate(Message<LlmRequest> msg) {
        LlmRequest req = msg.body();
        long start = System.nanoTime();
        String stream = req.streamAddress();
        int[] index = new int[1];
        java.util.function.Consumer<String> onText = stream == null ? null
                : text -> vertx.eventBus().send(stream, new LlmToken(LlmToken.VERSION, req.id(), index[0]++, text));
        // unordered: with a batching generator many requests wait for their answers at the same time
        pool.executeBlocking(() -> {
            // The time budget runs from arrival, not from when a worker gets to it: a request that waited
            // out its budget in the queue is answered "timeout" at once instead of delaying the ones behind it.
            LlmRequest r = req;
            if (req.timeoutMillis() > 0) {
                long left = req.timeoutMillis() - (System.nanoTime() - start) / 1_000_000;
                if (left <= 0) {
                    return new LlmResponse(LlmResponse.VERSION, req.id(), generator.modelName(), "", 0, 0, "timeout",
                            null, (System.nanoTime() - start) / 1_000_000);
                }
                r = new LlmRequest(req.version(), req.id(), req.prompt(), req.maxTokens(), req.temperature(),
                        req.seed(), req.jsonSchema(), left, req.priority(), req.streamAddress());
            }
            return onText == null ? generator.generate(r) : generator.generate(r, onText);
        }, false).onComplete(ar -> {
            if (ar.succeeded()) {
                msg.reply(ar.result());
            } else {
                log.warn("llm: request {} failed: {}", req.id(), ar.cause().toString());
                msg.reply(LlmResponse.error(req.id(), generator.modelName(), ar.cause().toString(),
                        (System.nanoTime() - start) / 1_000_000));
            }
        });
    }

    @Override
    public Future<?> stop() {
        Future<Void> a = generateConsumer == null ? Future.succeededFuture() : generateConsumer.unregister();
        Future<Void> b = pingConsumer == null ? Future.succeededFuture() : pingConsumer.unregister();
        return Future.all(a, b).eventually(() -> {
            if (pool != null) {
                pool.close();
            }
            return Future.succeededFuture();
        });
    }
}
