package io.consilium.agents.daemon;

import io.consilium.agents.bus.Addresses;
import io.consilium.agents.bus.BusCodecs;
import io.consilium.agents.executor.ExecutorAgent;
import io.consilium.agents.executor.OrderExecutor;
import io.consilium.agents.http.HttpApi;
import io.consilium.agents.http.StatusBoard;
import io.consilium.agents.journal.BusJournal;
import io.consilium.agents.journal.ChronicleEventJournal;
import io.consilium.agents.journal.EventJournal;
import io.consilium.agents.market.MarketDataAgent;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.Order;
import io.consilium.agents.portfolio.PortfolioAgent;
import io.consilium.agents.strategy.Decider;
import io.consilium.agents.strategy.StrategyAgent;
import io.consilium.llm.serve.bus.LlmBusVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent daemon: one Vert.x (clustered or not), codecs registered before anything deploys, every
 * message journaled, the journal replayed before trading resumes, the agents deployed downstream
 * first (so the first snapshot finds its consumers) and stopped upstream first (so no new work starts
 * while in-flight orders finish).
 */
public final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final Vertx vertx;
    private final EventJournal journal;
    private final BusJournal busJournal;
    private final Components components;
    private final StatusBoard board;
    private final HttpApi http;
    private final List<String> deployments = new ArrayList<>();
    private Path journalDir;
    private volatile boolean closed;

    private Daemon(Vertx vertx, EventJournal journal, BusJournal busJournal, Components components, StatusBoard board,
                   HttpApi http) {
        this.vertx = vertx;
        this.journal = journal;
        this.busJournal = busJournal;
        this.components = components;
        this.board = board;
        this.http = http;
    }

    /** Starts the daemon; returns once every agent is deployed (or throws, having cleaned up). */
    public static Daemon start(DaemonConfig cfg, DaemonOptions opts, Wiring wiring, PrintWriter console)
            throws Exception {
        String node = opts.role().name().toLowerCase() + "@" + ProcessHandle.current().pid();
        Vertx vertx = Clustering.vertx(opts);
        BusCodecs.register(vertx);
        Path journalDir = DaemonConfigLoader.resolve(cfg.journal());
        if (opts.role() == DaemonOptions.Role.LLM) {
            journalDir = journalDir.resolveSibling(journalDir.getFileName() + "-llm");
        } else if (cfg.chain().testbed() != null) {
            // The embedded testbed is a brand-new chain every run: its history starts empty, and so does its journal.
            journalDir = journalDir.resolve("testbed-" + java.time.LocalDateTime.now()
                    .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + ProcessHandle.current().pid());
            log.info("journal: {} (a fresh testbed chain gets a fresh journal)", journalDir);
        }
        EventJournal journal = new ChronicleEventJournal(journalDir);
        BusJournal busJournal = new BusJournal(journal);
        busJournal.install(vertx.eventBus());
        Components c = null;
        try {
            c = wiring.build(cfg, opts, journal);
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            OrderExecutor exec = c.executor();
            StatusBoard board = new StatusBoard(prometheus,
                    () -> exec == null ? List.of() : exec.pendingApprovals());
            board.info("mode", cfg.mode());
            board.info("role", opts.role().name().toLowerCase());
            board.info("node", node);
            board.info("account", c.accountLabel());
            board.info("journal", journalDir.toString());
            c.info().forEach(board::info);
            board.listen(vertx.eventBus());
            int port = opts.httpPortOverride() != null ? opts.httpPortOverride()
                    : cfg.http() == null || cfg.http().port() == null ? 8088 : cfg.http().port();
            HttpApi http = new HttpApi(board, prometheus, "127.0.0.1", port);
            Daemon d = new Daemon(vertx, journal, busJournal, c, board, http);
            d.journalDir = journalDir;
            d.deploy(cfg, opts, node, console);
            return d;
        } catch (Exception | Error e) {
            closeQuietly(c);
            vertx.close().await(10, TimeUnit.SECONDS);
            journal.close();
            throw e;
        }
    }

    private void deploy(DaemonConfig cfg, DaemonOptions opts, String node, PrintWriter console) throws Exception {
        deployments.add(await(vertx.deployVerticle(http)));
        if (components.llm() != null) {
            deployments.add(await(vertx.deployVerticle(new LlmBusVerticle(components.llm(), Addresses.LLM_GENERATE,
                    Addresses.LLM_PING, 1))));
        }
        if (opts.role() == DaemonOptions.Role.LLM) {
            log.info("daemon: llm role ready on node {}", node);
            return;
        }
        Recovery.Outcome rec = Recovery.replay(journal, components.book());
        if (rec.replayed() > 0) {
            log.info("recovery: replayed {} journal records; {} orders seen, {} sent but unsettled, {} never sent",
                    rec.replayed(), rec.seenOrders().size(), rec.sentUnsettled().size(), rec.neverSent().size());
        }
        for (Order o : rec.neverSent()) {
            // An approval it was waiting for has no one to resume it now.
            for (var a : components.executor().pendingApprovals()) {
                if (a.orderId().startsWith(o.id() + "/")) {
                    components.executor().decideApproval(a.id(), false, "daemon restart (order abandoned)");
                }
            }
            vertx.eventBus().publish(Addresses.EXECUTOR_RESULT, new ExecutionResult(ExecutionResult.VERSION, o.id(),
                    o.strategy(), ExecutionResult.Status.FAILED, null, -1, o.block(), Map.of(), null,
                    "abandoned: the daemon stopped before this order was sent"));
            components.book().onResult(new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(),
                    ExecutionResult.Status.FAILED, null, -1, o.block(), Map.of(), null, "abandoned"));
        }
        List<ExecutionResult> stillSent = new ArrayList<>();
        if (!rec.sentUnsettled().isEmpty()) {
            for (ExecutionResult r : components.executor().reconcile(rec.sentUnsettled())) {
                log.info("recovery: order {} tx {} settled as {} ({})", r.orderId(), r.txHash(), r.status(), r.reason());
                if (r.status() == ExecutionResult.Status.SENT) {
                    stillSent.add(r);
                }
                vertx.eventBus().publish(Addresses.EXECUTOR_RESULT, r);
                components.book().onResult(r);
            }
        }
        long window = cfg.portfolio().windowMillis() == null ? 400 : cfg.portfolio().windowMillis();
        deployments.add(await(vertx.deployVerticle(new PortfolioAgent(components.book(), components.account(),
                components.deciders().stream().map(Decider::name).collect(Collectors.toSet()),
                components.deciders().stream().filter(dec -> dec.kind().equals("llm")).map(Decider::name)
                        .collect(Collectors.toSet()), window, node))));
        ExecutorAgent executorAgent = new ExecutorAgent(components.executor(), rec.seenOrders(), stillSent, node, 500, 3_000);
        // a reorg soon after the restart re-checks fills booked before it too
        executorAgent.rememberSettled(rec.settledOnChain());
        deployments.add(await(vertx.deployVerticle(executorAgent)));
        long llmTimeout = cfg.llm() == null || cfg.llm().timeoutMillis() == null ? 4_000 : cfg.llm().timeoutMillis();
        for (Decider dec : components.deciders()) {
            var risk = rec.riskStates().get(dec.name());
            if (risk != null) {
                // The stop rules carry on where they were: a strategy halted before the restart stays halted.
                dec.restore(risk);
                log.info("recovery: {} stop-rule state from block {} restored (peak {}, {})", dec.name(), risk.block(),
                        String.format("%.2f", risk.peak()), risk.halted() == null ? "not halted" : "HALTED: " + risk.halted());
            }
            deployments.add(await(vertx.deployVerticle(new StrategyAgent(dec, node, llmTimeout + 2_000))));
        }
        long poll = cfg.chain().pollMillis() == null ? 250 : cfg.chain().pollMillis();
        if (console != null) {
            int every = cfg.console() == null || cfg.console().everyBlocks() == null ? 5 : cfg.console().everyBlocks();
            long[] n = {0};
            vertx.eventBus().<MarketTick>localConsumer(Addresses.MARKET_SNAPSHOT, m -> {
                if (n[0]++ % every == 0) {
                    // the portfolio report of this block lands a moment later; print after it
                    vertx.setTimer(Math.max(50, window + 100), t -> {
                        console.print(board.consoleLine());
                        console.flush();
                    });
                }
            });
        }
        deployments.add(await(vertx.deployVerticle(new MarketDataAgent(components.feed(), poll, node))));
        log.info("daemon: {} strategies on {} ({} mode), dashboard http://127.0.0.1:{}/", components.deciders().size(),
                components.accountLabel(), cfg.mode(), http.actualPort());
    }

    private static String await(Future<String> f) throws Exception {
        return f.await(120, TimeUnit.SECONDS);
    }

    public int httpPort() {
        return http.actualPort();
    }

    public Path journalDir() {
        return journalDir;
    }

    public StatusBoard board() {
        return board;
    }

    public EventJournal journal() {
        return journal;
    }

    public Vertx vertx() {
        return vertx;
    }

    public Components components() {
        return components;
    }

    /** Graceful stop: market first (no new work), then strategies, portfolio, executor (in-flight finishes), the rest. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("daemon: stopping (no new work; in-flight orders finish)");
        List<String> reverse = new ArrayList<>(deployments);
        Collections.reverse(reverse);
        for (String id : reverse) {
            try {
                vertx.undeploy(id).await(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("daemon: undeploy failed: {}", e.toString());
            }
        }
        busJournal.uninstall(vertx.eventBus());
        try {
            vertx.close().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("daemon: vert.x close failed: {}", e.toString());
        }
        closeQuietly(components);
        journal.close();
        log.info("daemon: stopped; journal flushed ({} records)", journal.count());
    }

    private static void closeQuietly(Components c) {
        if (c == null) {
            return;
        }
        List<AutoCloseable> rs = new ArrayList<>(c.resources());
        Collections.reverse(rs);
        for (AutoCloseable r : rs) {
            try {
                r.close();
            } catch (Exception e) {
                log.warn("daemon: closing {} failed: {}", r, e.toString());
            }
        }
    }
}
