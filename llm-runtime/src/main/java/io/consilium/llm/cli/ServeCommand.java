package io.consilium.llm.cli;

import io.consilium.llm.LlmUserError;
import io.consilium.llm.engine.BatchEngine;
import io.consilium.llm.engine.BatchOptions;
import io.consilium.llm.engine.EngineOptions;
import io.consilium.llm.engine.LlmEngine;
import io.consilium.llm.serve.LlmService;
import io.consilium.llm.serve.OpenAiServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `consilium llm serve`: the OpenAI-compatible HTTP API over the continuous-batching engine. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a GGUF model over an OpenAI-compatible HTTP API (continuous batching, prefix cache, "
                + "JSON-schema output, tool calls) until stopped with Ctrl-C.")
public final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "the .gguf file")
    Path model;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "port (0 = any free one; default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--parallel", defaultValue = "8", description = "sequences decoded together (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--ctx", defaultValue = "8192", description = "context tokens per sequence (default: ${DEFAULT-VALUE})")
    int ctx;

    @Option(names = "--api-key", description = "require 'Authorization: Bearer KEY' on /v1/*")
    String apiKey;

    @Option(names = {"-t", "--threads"}, defaultValue = "0", description = "compute threads (0 = all cores)")
    int threads;

    @Option(names = "--grammar", description = "GBNF file applied to every request that asks for no format of its own")
    Path grammar;

    @Option(names = "--queue", defaultValue = "64", description = "waiting requests before 'busy' (429)")
    int queue;

    @Option(names = "--kv-mb", defaultValue = "1024", description = "KV cache MB the running sequences may reserve")
    long kvMb;

    @Option(names = "--prefix-cache-mb", defaultValue = "256", description = "KV MB kept for shared prompt prefixes (0 = off)")
    long prefixMb;

    @Option(names = "--prefill-chunk", defaultValue = "128", description = "prompt tokens per step across new sequences")
    int prefillChunk;

    @Option(names = "--fast-prefill", description = "compute prompts with the blocked matmul: faster first token, but "
            + "an answer may differ in the last bits depending on what shares its steps (default: batch-invariant)")
    boolean fastPrefill;

    @Option(names = "--timeout", defaultValue = "600", description = "seconds a request may run (0 = unlimited)")
    long timeoutSeconds;

    @Option(names = "--max-body-kb", defaultValue = "4096", description = "largest request body accepted")
    int maxBodyKb;

    @Override
    public Integer call() throws Exception {
        if (parallel < 1 || ctx < 16 || port < 0 || port > 65535) {
            throw new LlmUserError("llm serve: --parallel must be ≥ 1, --ctx ≥ 16 and --port 0..65535");
        }
        String gbnf = null;
        if (grammar != null) {
            try {
                gbnf = Files.readString(grammar);
            } catch (IOException e) {
                throw new LlmUserError("llm serve: cannot read --grammar file " + grammar + ": " + e.getMessage());
            }
        }
        // listen first: while the model loads (seconds to minutes for a large file) clients get 503, not a refused
        // connection, and the port is known to be free before the load starts
        Vertx vertx = Vertx.vertx();
        OpenAiServer server = new OpenAiServer(new OpenAiServer.Options(host, port, apiKey, maxBodyKb * 1024,
                timeoutSeconds * 1000));
        try {
            vertx.deployVerticle(server).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new LlmUserError("llm serve: cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + " (is the port taken? try another --port)");
        }
        LlmEngine engine;
        BatchEngine batch;
        LlmService service;
        try {
            engine = LlmEngine.load(model, new EngineOptions(threads, ctx));
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
        engine.warmUp(); // a long-running server: compile the kernels and return the warm-up heap before serving
        batch = new BatchEngine(engine, new BatchOptions(parallel, kvMb << 20, queue, prefillChunk,
                prefixMb << 20, 16, !fastPrefill));
        try {
            service = new LlmService(batch, model.getFileName().toString(), gbnf);
        } catch (LlmUserError e) {
            vertx.close();
            batch.close();
            engine.close();
            throw new LlmUserError("llm serve: --grammar " + grammar + ": " + e.getMessage());
        }
        server.ready(service);
        spec.commandLine().getOut().println("serving " + model.getFileName() + " on http://" + host + ":"
                + server.actualPort() + "/v1  (parallel " + parallel + ", context " + ctx + ", threads "
                + engine.threads() + (apiKey != null ? ", API key required" : "") + ")");
        spec.commandLine().getOut().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("llm serve: stopping");
            server.stopping();
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("llm serve: Vert.x did not close cleanly: {}", e.toString());
            }
            batch.close();
            engine.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
