package io.consilium.agents.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.agents.bus.Addresses;
import io.consilium.agents.bus.BusCodecs;
import io.consilium.agents.journal.EventJournal;
import io.consilium.agents.messages.Decision;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.Order;
import io.consilium.agents.messages.PortfolioReport;
import io.consilium.agents.messages.RiskState;
import io.consilium.agents.portfolio.Book;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays the journal into a fresh {@link Book} after a restart: every order, fill and internal
 * cross in the order they happened. What it finds in flight (orders SENT with no final result) is
 * handed to the executor to settle against the chain by hash and nonce — never re-sent; orders
 * never sent are abandoned.
 */
public final class Recovery {
    /** What the replay found. */
    public record Outcome(Set<String> seenOrders, List<ExecutionResult> sentUnsettled, List<Order> neverSent,
                          int replayed, PortfolioReport lastReport, Map<String, RiskState> riskStates,
                          List<ExecutionResult> settledOnChain) {
    }

    /** How many of the newest on-chain results the executor keeps for re-checking after a reorg. */
    static final int KEEP_SETTLED = 64;

    private Recovery() {
    }

    public static Outcome replay(EventJournal journal, Book book) {
        ObjectMapper json = BusCodecs.json();
        Set<String> seen = new HashSet<>();
        Map<String, Order> open = new LinkedHashMap<>();
        Map<String, Order> settled = new HashMap<>();
        Map<String, ExecutionResult> sent = new LinkedHashMap<>();
        Map<String, String> swapRequests = new HashMap<>();
        PortfolioReport last = null;
        Map<String, RiskState> risk = new HashMap<>();
        Map<String, ExecutionResult> onChain = new LinkedHashMap<>();
        int n = 0;
        try {
            for (EventJournal.Entry e : journal.readAll()) {
                switch (e.type()) {
                    case "bus." + Addresses.EXECUTOR_ORDER -> {
                        Order o = json.readValue(e.json(), Order.class);
                        if (seen.add(o.id())) {
                            open.put(o.id(), o);
                            book.restoreInFlight(o);
                        }
                    }
                    case "bus." + Addresses.EXECUTOR_RESULT -> {
                        ExecutionResult r = json.readValue(e.json(), ExecutionResult.class);
                        if (r.status() == ExecutionResult.Status.SENT) {
                            sent.put(r.orderId(), r);
                        } else if (r.status() == ExecutionResult.Status.REORGED) {
                            // A reorg took its fill back: the order is open again until its next final result.
                            Order o = settled.remove(r.orderId());
                            if (o != null) {
                                open.put(o.id(), o);
                                onChain.remove(o.id());
                                book.onResult(r);
                            }
                        } else {
                            Order o = open.remove(r.orderId());
                            if (o != null) {
                                settled.put(o.id(), o);
                                sent.remove(r.orderId());
                                book.onResult(r);
                                if (r.txHash() != null && (r.status() == ExecutionResult.Status.FILLED
                                        || r.status() == ExecutionResult.Status.REVERTED)) {
                                    onChain.remove(o.id());
                                    onChain.put(o.id(), r);
                                }
                            }
                        }
                    }
                    case "bus." + Addresses.PORTFOLIO_DECISION -> {
                        Decision d = json.readValue(e.json(), Decision.class);
                        if ("netted".equals(d.outcome()) && d.crossed() != null) {
                            book.cross(d.strategy(), d.crossed());
                        }
                    }
                    case "bus." + Addresses.STRATEGY_RISK -> {
                        RiskState r = json.readValue(e.json(), RiskState.class);
                        risk.put(r.strategy(), r);
                    }
                    case "bus." + Addresses.PORTFOLIO_REPORT -> last = json.readValue(e.json(), PortfolioReport.class);
                    // The sandbox journals every request (its id is "<order id>/<step>") and, before broadcast,
                    // every signed hash and nonce: a swap signed for an open order may be on the chain.
                    case "sandbox.request" -> {
                        var node = json.readTree(e.json());
                        String id = node.path("request").path("id").asText("");
                        if (id.endsWith("/swap")) {
                            swapRequests.put(node.path("requestId").asText(), id.substring(0, id.length() - "/swap".length()));
                        }
                    }
                    case "sandbox.signed" -> {
                        var node = json.readTree(e.json());
                        String orderId = swapRequests.get(node.path("requestId").asText());
                        Order o = orderId == null ? null : open.get(orderId);
                        if (o != null) {
                            sent.put(o.id(), new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(),
                                    ExecutionResult.Status.SENT, node.path("txHash").asText(), node.path("nonce").asLong(-1),
                                    o.block(), Map.of(), null, "signed by the sandbox"));
                        }
                    }
                    default -> {
                        continue;
                    }
                }
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("journal replay failed", e);
        }
        if (last != null) {
            book.restoreMarks(last);
        }
        List<Order> neverSent = new ArrayList<>();
        for (Order o : open.values()) {
            if (!sent.containsKey(o.id())) {
                neverSent.add(o);
            }
        }
        List<ExecutionResult> recent = new ArrayList<>(onChain.values());
        return new Outcome(seen, List.copyOf(sent.values()), neverSent, n, last, Map.copyOf(risk),
                List.copyOf(recent.subList(Math.max(0, recent.size() - KEEP_SETTLED), recent.size())));
    }
}
