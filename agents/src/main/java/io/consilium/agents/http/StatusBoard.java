package io.consilium.agents.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consilium.agents.bus.Addresses;
import io.consilium.agents.bus.BusCodecs;
import io.consilium.agents.executor.OrderExecutor;
import io.consilium.agents.messages.AgentStatus;
import io.consilium.agents.messages.Decision;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.PoolState;
import io.consilium.agents.messages.PortfolioReport;
import io.consilium.agents.messages.ReorgEvent;
import io.consilium.agents.messages.SandboxVerdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.eventbus.EventBus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The daemon's live picture, kept from the bus: last snapshot, the portfolio report, recent decisions,
 * verdicts and results, agent health, and a PnL history for the chart. Feeds /status, the dashboard,
 * the console line and the Micrometer meters.
 */
public final class StatusBoard {
    private static final int KEEP = 50;
    private static final int PNL_POINTS = 600;

    private final ObjectMapper json = BusCodecs.json();
    private final Map<String, AgentStatus> agents = new LinkedHashMap<>();
    private final Deque<Decision> decisions = new ArrayDeque<>();
    private final Deque<ExecutionResult> results = new ArrayDeque<>();
    private final Deque<SandboxVerdict> verdicts = new ArrayDeque<>();
    private final Deque<double[]> pnl = new ArrayDeque<>();
    private final Map<String, Object> info = new LinkedHashMap<>();
    private final MeterRegistry meters;
    private final Timer blockToVerdict;
    private final Supplier<java.util.List<OrderExecutor.PendingApproval>> approvals;
    private MarketTick tick;
    private ReorgEvent lastReorg;
    private long lastReorgAtMillis;
    private int reorgTakenBack;
    private PortfolioReport report;
    private long ticks;
    private final long startedAt = System.currentTimeMillis();

    public StatusBoard(MeterRegistry meters, Supplier<java.util.List<OrderExecutor.PendingApproval>> approvals) {
        this.meters = meters;
        this.approvals = approvals;
        this.blockToVerdict = Timer.builder("consilium_block_to_verdict").description("snapshot → sandbox verdict")
                .publishPercentiles(0.5, 0.99).register(meters);
        meters.gauge("consilium_pnl_quote", this, b -> b.report == null ? 0 : b.report.totalPnlQuote());
        meters.gauge("consilium_value_quote", this, b -> b.report == null ? 0 : b.report.totalValueQuote());
        meters.gauge("consilium_block", this, b -> b.tick == null ? 0 : b.tick.block());
        meters.gauge("consilium_orders_in_flight", this, b -> b.report == null ? 0 : b.report.ordersInFlight());
    }

    /** Static facts shown on the page (mode, account label, model, RPC). */
    public synchronized void info(String key, Object value) {
        info.put(key, value);
    }

    public void listen(EventBus bus) {
        bus.<MarketTick>localConsumer(Addresses.MARKET_SNAPSHOT, m -> onTick(m.body()));
        bus.<PortfolioReport>localConsumer(Addresses.PORTFOLIO_REPORT, m -> onReport(m.body()));
        bus.<Decision>localConsumer(Addresses.PORTFOLIO_DECISION, m -> add(decisions, m.body(), "consilium_decisions",
                "outcome", m.body().outcome()));
        bus.<SandboxVerdict>localConsumer(Addresses.EXECUTOR_VERDICT, m -> onVerdict(m.body()));
        bus.<ExecutionResult>localConsumer(Addresses.EXECUTOR_RESULT, m -> onResult(m.body()));
        bus.<ReorgEvent>localConsumer(Addresses.MARKET_REORG, m -> onReorg(m.body()));
        bus.<AgentStatus>localConsumer(Addresses.STATUS, m -> {
            synchronized (this) {
                agents.put(m.body().agent() + "@" + m.body().node(), m.body());
            }
        });
    }

    private synchronized void onTick(MarketTick t) {
        tick = t;
        ticks++;
        meters.counter("consilium_blocks").increment();
    }

    private synchronized void onResult(ExecutionResult r) {
        if (r.status() == ExecutionResult.Status.REORGED) {
            reorgTakenBack++;
        }
        add(results, r, "consilium_results", "status", r.status().name().toLowerCase());
    }

    private synchronized void onReorg(ReorgEvent r) {
        lastReorg = r;
        lastReorgAtMillis = System.currentTimeMillis();
        reorgTakenBack = 0;
        meters.counter("consilium_reorgs").increment();
    }

    /** The last reorg in one line (empty before any): where, how deep, and how many of our results it took back. */
    public synchronized String lastReorgLine() {
        if (lastReorg == null) {
            return "";
        }
        return String.format("reorg from block %d, depth %d (new head %d): %d settled result(s) taken back and re-checked",
                lastReorg.forkBlock(), lastReorg.depth(), lastReorg.newHead(), reorgTakenBack);
    }

    private synchronized void onReport(PortfolioReport r) {
        report = r;
        pnl.addLast(new double[] {r.block(), r.totalPnlQuote()});
        while (pnl.size() > PNL_POINTS) {
            pnl.removeFirst();
        }
    }

    private void onVerdict(SandboxVerdict v) {
        if (v.tickObservedAtNanos() > 0 && v.decidedAtNanos() > v.tickObservedAtNanos()) {
            blockToVerdict.record(Duration.ofNanos(v.decidedAtNanos() - v.tickObservedAtNanos()));
        }
        add(verdicts, v, "consilium_verdicts", "decision", v.decision().name().toLowerCase());
    }

    private synchronized <T> void add(Deque<T> q, T item, String counter, String tag, String value) {
        q.addFirst(item);
        while (q.size() > KEEP) {
            q.removeLast();
        }
        Counter.builder(counter).tag(tag, value).register(meters).increment();
    }

    public synchronized boolean degraded() {
        return agents.values().stream().anyMatch(a -> !a.state().equals("ok"));
    }

    public synchronized long ticks() {
        return ticks;
    }

    public synchronized PortfolioReport report() {
        return report;
    }

    public synchronized Timer blockToVerdict() {
        return blockToVerdict;
    }

    /** The /status document. */
    public synchronized ObjectNode status() {
        ObjectNode s = json.createObjectNode();
        s.put("status", degraded() ? "degraded" : "ok");
        s.put("uptimeSeconds", (System.currentTimeMillis() - startedAt) / 1000);
        s.set("info", json.valueToTree(info));
        if (tick != null) {
            ObjectNode m = s.putObject("market");
            m.put("block", tick.block());
            m.put("blockHash", tick.blockHash());
            ObjectNode prices = m.putObject("prices");
            for (PoolState p : tick.pools()) {
                prices.put(p.name(), p.price());
            }
        }
        if (report != null) {
            s.set("portfolio", json.valueToTree(report));
        }
        if (lastReorg != null) {
            ObjectNode r = s.putObject("lastReorg");
            r.put("forkBlock", lastReorg.forkBlock());
            r.put("depth", lastReorg.depth());
            r.put("newHead", lastReorg.newHead());
            r.put("newHeadHash", lastReorg.newHeadHash());
            r.put("atMillis", lastReorgAtMillis);
            r.put("resultsTakenBack", reorgTakenBack);
        }
        s.set("agents", json.valueToTree(agents.values()));
        s.set("decisions", json.valueToTree(decisions));
        s.set("verdicts", json.valueToTree(verdicts));
        s.set("results", json.valueToTree(results));
        s.set("approvals", json.valueToTree(approvals.get()));
        ArrayNode chart = s.putArray("pnlHistory");
        pnl.forEach(p -> chart.addArray().add((long) p[0]).add(p[1]));
        return s;
    }

    /** The compact console status: prices, positions, PnL per strategy, last decisions, pending/rejected txs. */
    public synchronized String consoleLine() {
        StringBuilder b = new StringBuilder();
        if (tick == null) {
            return "waiting for the first block…";
        }
        b.append(String.format("── block %d ── %s%n", tick.block(), degraded() ? "DEGRADED" : "ok"));
        b.append("  prices: ");
        for (PoolState p : tick.pools()) {
            b.append(String.format("%s %.4f  ", p.name(), p.price()));
        }
        b.append('\n');
        if (report != null) {
            b.append("  account ").append(info.getOrDefault("account", report.account())).append(": ");
            report.accountBalances().forEach((k, v) -> b.append(k).append('=').append(human(k, v)).append(' '));
            b.append('\n');
            for (PortfolioReport.StrategyBook sb : report.strategies()) {
                b.append(String.format("  %-22s value %12.2f %s  pnl %+10.2f  fills %d%s%n", sb.name(), sb.valueQuote(),
                        report.quote(), sb.pnlQuote(), sb.fills(), sb.halted() ? "  HALTED: " + sb.haltReason() : ""));
            }
        }
        decisions.stream().filter(d -> !d.outcome().equals("hold")).limit(3).forEach(d -> b.append(String.format(
                "  decision %s %s: %s — %s%n", d.strategy(), d.outcome(), d.summary(), d.reason())));
        decisions.stream().filter(d -> d.outcome().equals("hold")).limit(2).forEach(d -> b.append(String.format(
                "  hold %s: %s%n", d.strategy(), d.reason())));
        // An order is pending while its newest result is SENT (a later one settles it; a reorg can make it SENT again).
        java.util.Set<String> seen = new java.util.HashSet<>();
        long pending = results.stream().filter(r -> seen.add(r.orderId()))
                .filter(r -> r.status() == ExecutionResult.Status.SENT).count();
        long denied = verdicts.stream().filter(v -> v.decision() == SandboxVerdict.Decision.DENY).count();
        b.append(String.format("  txs: %d recent results, %d pending, %d denied by the sandbox (recent)%n",
                results.size(), pending, denied));
        if (lastReorg != null) {
            b.append("  last ").append(lastReorgLine()).append('\n');
        }
        verdicts.stream().filter(v -> v.decision() == SandboxVerdict.Decision.DENY).limit(1).forEach(v ->
                b.append("  last denial: ").append(v.orderId()).append(' ').append(v.reasons()).append('\n'));
        return b.toString();
    }

    private String human(String symbol, java.math.BigInteger units) {
        if (tick != null) {
            for (var t : tick.tokens()) {
                if (t.symbol().equals(symbol)) {
                    return new java.math.BigDecimal(units, t.decimals()).setScale(4, java.math.RoundingMode.DOWN)
                            .toPlainString();
                }
            }
        }
        return new java.math.BigDecimal(units, 18).setScale(4, java.math.RoundingMode.DOWN).toPlainString();
    }
}
