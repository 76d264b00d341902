package io.consilium.agents.http;

import io.consilium.agents.bus.Addresses;
import io.consilium.agents.messages.ApprovalAction;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP face on loopback: {@code /health}, {@code /status} (JSON), {@code /metrics}
 * (Prometheus text), the dashboard at {@code /}, and {@code POST /approvals/ID/approve|reject}, which
 * goes over the bus to the executor and on into the sandbox's approval queue.
 */
public final class HttpApi extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final Pattern APPROVAL = Pattern.compile("/approvals/([A-Za-z0-9._:-]{1,128})/(approve|reject)");

    private final StatusBoard board;
    private final PrometheusMeterRegistry prometheus;
    private final String host;
    private final int port;
    private final String dashboard;
    private HttpServer server;

    public HttpApi(StatusBoard board, PrometheusMeterRegistry prometheus, String host, int port) {
        this.board = board;
        this.prometheus = prometheus;
        this.host = host;
        this.port = port;
        try (InputStream in = HttpApi.class.getResourceAsStream("dashboard.html")) {
            this.dashboard = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Future<?> start() {
        // HTTP/1.1 only: after an h2c upgrade (the JDK HttpClient asks for one by default) Vert.x answered
        // 101 and then never sent a /status body larger than the 64 KiB HTTP/2 window; the client hung
        server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)).requestHandler(this::handle);
        return server.listen(port, host).onSuccess(s -> log.info("http: dashboard at http://{}:{}/", host, s.actualPort()));
    }

    public int actualPort() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        var resp = req.response();
        resp.putHeader("Cache-Control", "no-store");
        if (req.method() == HttpMethod.GET) {
            switch (path) {
                case "/", "/index.html" -> {
                    resp.putHeader("Content-Type", "text/html; charset=utf-8")
                            .putHeader("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; "
                                    + "style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:")
                            .end(dashboard);
                    return;
                }
                case "/health" -> {
                    boolean degraded = board.degraded();
                    resp.putHeader("Content-Type", "application/json")
                            .end("{\"status\":\"" + (degraded ? "degraded" : "ok") + "\",\"blocks\":" + board.ticks() + "}");
                    return;
                }
                case "/status" -> {
                    resp.putHeader("Content-Type", "application/json").end(board.status().toString());
                    return;
                }
                case "/metrics" -> {
                    resp.putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(prometheus.scrape());
                    return;
                }
                case "/favicon.ico" -> {
                    resp.setStatusCode(204).end();
                    return;
                }
                default -> {
                }
            }
        }
        Matcher m = APPROVAL.matcher(path);
        if (req.method() == HttpMethod.POST && m.matches()) {
            boolean approve = m.group(2).equals("approve");
            vertx.eventBus().<String>request(Addresses.APPROVAL_ACTION,
                            new ApprovalAction(ApprovalAction.VERSION, m.group(1), approve, "dashboard"),
                            new DeliveryOptions().setSendTimeout(10_000))
                    .onComplete(ar -> {
                        boolean ok = ar.succeeded() && "ok".equals(ar.result().body());
                        String msg = ar.succeeded() ? ar.result().body() : ar.cause().getMessage();
                        resp.setStatusCode(ok ? 200 : 404).putHeader("Content-Type", "application/json")
                                .end("{\"ok\":" + ok + ",\"message\":" + io.vertx.core.json.Json.encode(msg) + "}");
                    });
            return;
        }
        resp.setStatusCode(404).end("not found\n");
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
