package io.consilium.llm.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consilium.llm.LlmUserError;
import io.consilium.llm.engine.BatchEngine;
import io.consilium.llm.engine.BatchListener;
import io.consilium.llm.engine.BatchResult;
import io.consilium.llm.engine.BusyException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible HTTP API on Vert.x core's HttpServer: {@code POST /v1/chat/completions},
 * {@code POST /v1/completions} (both with SSE streaming), {@code GET /v1/models}, {@code GET /health}. Every error
 * is answered in OpenAI's error shape; a bad request never takes the server down. Parsing, prompt rendering and
 * grammar compilation run on worker threads, generation on the batching engine's scheduler; the event loop only
 * moves bytes. A client that disconnects cancels its sequence.
 */
public final class OpenAiServer extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(OpenAiServer.class);

    /**
     * @param apiKey       bearer key required on /v1/* (null = open)
     * @param maxBodyBytes larger request bodies are refused with 413
     * @param timeoutMillis a request still running after this is stopped (finish_reason "timeout"); 0 = none
     */
    public record Options(String host, int port, String apiKey, int maxBodyBytes, long timeoutMillis) {
    }

    /** Null while the model is still loading. */
    private volatile LlmService service;
    private volatile boolean stopping;
    private final Options options;
    private HttpServer server;
    private volatile int actualPort;

    public OpenAiServer(LlmService service, Options options) {
        this.service = service;
        this.options = options;
    }

    /** A server that listens before the model is loaded: it answers 503 until {@link #ready}. */
    public OpenAiServer(Options options) {
        this(null, options);
    }

    /** The model is loaded: requests are served from now on. */
    public void ready(LlmService loaded) {
        this.service = loaded;
    }

    /** The server is going down: new requests get 503 while running ones finish or are stopped. */
    public void stopping() {
        this.stopping = true;
    }

    public int actualPort() {
        return actualPort;
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.port()));
        server.requestHandler(this::handle);
        return server.listen().onSuccess(s -> {
            actualPort = s.actualPort();
            log.info("llm serve: OpenAI API on http://{}:{}/v1{}", options.host(), actualPort,
                    service == null ? " (model loading)" : " (model " + service.modelName() + ")");
        });
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        LlmService service = this.service;
        try {
            if (path.equals("/health")) {
                requireMethod(req, HttpMethod.GET);
                if (service == null || stopping) {
                    ObjectNode o = RequestParser.JSON.createObjectNode().put("status", stopping ? "stopping" : "loading");
                    json(req.response().putHeader("Retry-After", "5"), 503, o);
                    return;
                }
                json(req.response(), 200, health());
                return;
            }
            if (!path.startsWith("/v1/")) {
                throw new ApiError(404, "not_found_error", null, null, "no such endpoint: " + path);
            }
            authorize(req);
            unavailableCheck(service);
            switch (path) {
                case "/v1/models" -> {
                    requireMethod(req, HttpMethod.GET);
                    json(req.response(), 200, models());
                }
                case "/v1/chat/completions" -> {
                    requireMethod(req, HttpMethod.POST);
                    readBody(req, body -> complete(req, body, true));
                }
                case "/v1/completions" -> {
                    requireMethod(req, HttpMethod.POST);
                    readBody(req, body -> complete(req, body, false));
                }
                default -> {
                    if (path.startsWith("/v1/models/") && req.method() == HttpMethod.GET) {
                        String id = path.substring("/v1/models/".length());
                        if (!id.equals(service.modelName())) {
                            throw new ApiError(404, "not_found_error", "model", "model_not_found",
                                    "no model '" + id + "'; this server serves '" + service.modelName() + "'");
                        }
                        json(req.response(), 200, model());
                        return;
                    }
                    throw new ApiError(404, "not_found_error", null, null, "no such endpoint: " + path);
                }
            }
        } catch (ApiError e) {
            error(req.response(), e);
        }
    }

    private void unavailableCheck(LlmService service) {
        if (stopping) {
            throw new ApiError(503, "server_unavailable", null, "server_shutting_down",
                    "the server is shutting down; send the request to another instance or retry after restart");
        }
        if (service == null) {
            throw new ApiError(503, "server_unavailable", null, "model_loading",
                    "the model is still loading; retry in a few seconds (GET /health answers 200 when ready)");
        }
    }

    private void requireMethod(HttpServerRequest req, HttpMethod m) {
        if (req.method() != m) {
            throw new ApiError(405, "invalid_request_error", null, null, req.path() + " takes " + m.name()
                    + ", not " + req.method().name());
        }
    }

    private void authorize(HttpServerRequest req) {
        if (options.apiKey() == null) {
            return;
        }
        String h = req.getHeader("Authorization");
        if (h == null || !h.equals("Bearer " + options.apiKey())) {
            throw new ApiError(401, "authentication_error", null, "invalid_api_key",
                    "missing or wrong API key: send 'Authorization: Bearer <key>' as given to --api-key");
        }
    }

    private void readBody(HttpServerRequest req, java.util.function.Consumer<String> then) {
        String cl = req.getHeader("Content-Length");
        if (cl != null) {
            try {
                if (Long.parseLong(cl.trim()) > options.maxBodyBytes()) {
                    tooLarge(req);
                    req.endHandler(v -> { });
                    return;
                }
            } catch (NumberFormatException e) {
                throw ApiError.invalid(null, "bad Content-Length header");
            }
        }
        Buffer buf = Buffer.buffer();
        boolean[] over = new boolean[1];
        req.handler(chunk -> {
            if (over[0]) {
                return;
            }
            buf.appendBuffer(chunk);
            if (buf.length() > options.maxBodyBytes()) {
                over[0] = true;
                tooLarge(req);
            }
        });
        req.endHandler(v -> {
            if (!over[0]) {
                then.accept(buf.toString(StandardCharsets.UTF_8));
            }
        });
    }

    private void tooLarge(HttpServerRequest req) {
        HttpServerResponse resp = req.response();
        if (!resp.ended()) {
            // the rest of the body is read and dropped (the handler ignores it), never buffered
            req.handler(chunk -> { });
            error(resp, new ApiError(413, "invalid_request_error", null, "request_too_large",
                    "the request body is larger than " + options.maxBodyBytes() + " bytes"));
        }
    }

    private void complete(HttpServerRequest req, String body, boolean chat) {
        Context ctx = vertx.getOrCreateContext();
        HttpServerResponse resp = req.response();
        long deadline = options.timeoutMillis() > 0 ? System.nanoTime() + options.timeoutMillis() * 1_000_000 : 0;
        vertx.executeBlocking(() -> {
            JsonNode b = RequestParser.parseBody(body);
            ChatRequest r = chat ? RequestParser.chat(b) : RequestParser.completion(b);
            return new Object[] {r, service.prepare(r, deadline)};
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                error(resp, asApiError(ar.cause()));
                return;
            }
            ChatRequest r = (ChatRequest) ar.result()[0];
            LlmService.Prepared p = (LlmService.Prepared) ar.result()[1];
            Reply reply = new Reply(ctx, resp, r, p, chat);
            BatchEngine.Ticket ticket;
            try {
                ticket = service.batch().submit(p.request(), reply);
            } catch (RuntimeException e) {
                error(resp, asApiError(e));
                return;
            }
            resp.closeHandler(v -> ticket.cancel());
            if (r.stream()) {
                reply.startStream();
            }
        });
    }

    private ApiError asApiError(Throwable t) {
        if (t instanceof ApiError a) {
            return a;
        }
        if (t instanceof BusyException && stopping) {
            return new ApiError(503, "server_unavailable", null, "server_shutting_down", t.getMessage());
        }
        if (t instanceof BusyException) {
            return new ApiError(429, "server_busy", null, "server_busy", t.getMessage());
        }
        if (t instanceof LlmUserError) {
            return ApiError.invalid(null, t.getMessage());
        }
        log.error("llm serve: request failed", t);
        return new ApiError(500, "server_error", null, null, "internal error: " + t);
    }

    /** Streams or collects one answer; engine callbacks arrive on the scheduler thread and hop to the context. */
    private final class Reply implements BatchListener {
        private final Context ctx;
        private final HttpServerResponse resp;
        private final ChatRequest req;
        private final LlmService.Prepared prepared;
        private final boolean chat;
        private final String id;
        private final long created = System.currentTimeMillis() / 1000;
        private final ToolStream tools;

        Reply(Context ctx, HttpServerResponse resp, ChatRequest req, LlmService.Prepared prepared, boolean chat) {
            this.ctx = ctx;
            this.resp = resp;
            this.req = req;
            this.prepared = prepared;
            this.chat = chat;
            this.id = (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "");
            this.tools = new ToolStream(prepared.toolsActive(), prepared.toolFormat(), prepared.builtinTools());
        }

        void startStream() {
            resp.setStatusCode(200).setChunked(true).putHeader("Content-Type", "text/event-stream")
                    .putHeader("Cache-Control", "no-cache");
            if (chat) {
                ObjectNode delta = RequestParser.JSON.createObjectNode().put("role", "assistant").put("content", "");
                sse(chunk(delta, null));
            }
        }

        @Override
        public void onToken(int tokenId, String text) {
            if (!req.stream() || text.isEmpty()) {
                return;
            }
            ctx.runOnContext(v -> {
                for (ToolStream.Piece piece : tools.push(text)) {
                    sendPiece(piece);
                }
            });
        }

        @Override
        public void onDone(BatchResult r) {
            ctx.runOnContext(v -> {
                if (resp.closed() || resp.ended()) {
                    return;
                }
                if (r.reason() == BatchResult.Reason.ERROR) {
                    if (req.stream()) {
                        sse(RequestParser.JSON.createObjectNode().set("error", errorBody(new ApiError(500,
                                "server_error", null, null, r.error()))));
                        resp.end();
                    } else {
                        error(resp, new ApiError(500, "server_error", null, null, r.error()));
                    }
                    return;
                }
                if (req.stream()) {
                    for (ToolStream.Piece piece : tools.finish()) {
                        sendPiece(piece);
                    }
                    String finish = tools.calls() > 0 ? "tool_calls" : r.finishReason();
                    sse(chunk(chat ? RequestParser.JSON.createObjectNode() : null, finish));
                    if (req.includeUsage()) {
                        ObjectNode u = base(chat ? "chat.completion.chunk" : "text_completion");
                        u.putArray("choices");
                        u.set("usage", usage(r));
                        sse(u);
                    }
                    resp.end("data: [DONE]\n\n");
                } else {
                    json(resp, 200, full(r));
                }
            });
        }

        private void sendPiece(ToolStream.Piece piece) {
            if (resp.closed() || resp.ended()) {
                return;
            }
            if (!chat) {
                ObjectNode c = base("text_completion");
                ObjectNode choice = c.putArray("choices").addObject();
                choice.put("index", 0).put("text", piece.content()).putNull("finish_reason");
                sse(c);
                return;
            }
            ObjectNode delta = RequestParser.JSON.createObjectNode();
            if (piece.index() >= 0) {
                ObjectNode call = delta.putArray("tool_calls").addObject().put("index", piece.index());
                if (piece.name() != null) {
                    call.put("id", piece.id()).put("type", "function");
                    call.putObject("function").put("name", piece.name()).put("arguments", "");
                } else {
                    call.putObject("function").put("arguments", piece.args());
                }
            } else {
                delta.put("content", piece.content());
            }
            sse(chunk(delta, null));
        }

        private ObjectNode base(String object) {
            ObjectNode o = RequestParser.JSON.createObjectNode();
            o.put("id", id).put("object", object).put("created", created).put("model", service.modelName());
            return o;
        }

        private ObjectNode chunk(ObjectNode delta, String finish) {
            ObjectNode c = base(chat ? "chat.completion.chunk" : "text_completion");
            ObjectNode choice = c.putArray("choices").addObject();
            choice.put("index", 0);
            if (chat) {
                choice.set("delta", delta);
            } else {
                choice.put("text", "");
            }
            if (finish == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finish);
            }
            return c;
        }

        private ObjectNode full(BatchResult r) {
            ObjectNode o = base(chat ? "chat.completion" : "text_completion");
            ArrayNode choices = o.putArray("choices");
            ObjectNode choice = choices.addObject();
            choice.put("index", 0);
            String finish = r.finishReason();
            if (chat) {
                ObjectNode msg = choice.putObject("message");
                msg.put("role", "assistant");
                if (prepared.toolsActive()) {
                    ToolCalls.Parsed parsed = ToolCalls.parse(prepared.toolFormat(), r.text(), prepared.builtinTools());
                    msg.put("content", parsed.content());
                    if (!parsed.calls().isEmpty()) {
                        ArrayNode calls = msg.putArray("tool_calls");
                        for (int i = 0; i < parsed.calls().size(); i++) {
                            var c = parsed.calls().get(i);
                            ObjectNode call = calls.addObject();
                            call.put("id", c.id()).put("type", "function");
                            call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
                        }
                        finish = "tool_calls";
                    }
                } else {
                    msg.put("content", r.text());
                }
            } else {
                choice.put("text", r.text());
            }
            choice.put("finish_reason", finish);
            o.set("usage", usage(r));
            return o;
        }

        private ObjectNode usage(BatchResult r) {
            ObjectNode u = RequestParser.JSON.createObjectNode();
            u.put("prompt_tokens", prepared.promptTokens()).put("completion_tokens", r.tokens().length)
                    .put("total_tokens", prepared.promptTokens() + r.tokens().length);
            u.putObject("prompt_tokens_details").put("cached_tokens", r.cachedPromptTokens());
            return u;
        }

        private void sse(JsonNode event) {
            resp.write("data: " + event + "\n\n");
        }
    }

    private ObjectNode health() {
        BatchEngine.Stats s = service.batch().stats();
        ObjectNode o = RequestParser.JSON.createObjectNode();
        o.put("status", "ok").put("model", service.modelName()).put("running", s.running())
                .put("waiting", s.waiting()).put("completed", s.completed()).put("steps", s.steps())
                .put("max_sequences", service.batch().options().maxSequences())
                .put("context", service.contextLength()).put("kv_reserved_bytes", s.kvReservedBytes());
        o.putObject("prefix_cache").put("entries", s.prefixEntries()).put("bytes", s.prefixBytes())
                .put("hits", s.prefixHits()).put("misses", s.prefixMisses());
        return o;
    }

    private ObjectNode model() {
        ObjectNode m = RequestParser.JSON.createObjectNode();
        m.put("id", service.modelName()).put("object", "model").put("created", 0).put("owned_by", "consilium");
        return m;
    }

    private ObjectNode models() {
        ObjectNode o = RequestParser.JSON.createObjectNode();
        o.put("object", "list");
        o.putArray("data").add(model());
        return o;
    }

    private static ObjectNode errorBody(ApiError e) {
        ObjectNode err = RequestParser.JSON.createObjectNode();
        err.put("message", e.getMessage()).put("type", e.type());
        if (e.param() == null) {
            err.putNull("param");
        } else {
            err.put("param", e.param());
        }
        if (e.code() == null) {
            err.putNull("code");
        } else {
            err.put("code", e.code());
        }
        return err;
    }

    private static void error(HttpServerResponse resp, ApiError e) {
        if (resp.ended() || resp.closed()) {
            return;
        }
        if (resp.headWritten()) {
            resp.end();
            return;
        }
        ObjectNode o = RequestParser.JSON.createObjectNode();
        o.set("error", errorBody(e));
        json(resp, e.status(), o);
    }

    private static void json(HttpServerResponse resp, int status, JsonNode body) {
        if (resp.ended() || resp.closed()) {
            return;
        }
        resp.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }
}
