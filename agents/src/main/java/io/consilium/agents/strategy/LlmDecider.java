package io.consilium.agents.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consilium.agents.bus.Addresses;
import io.consilium.agents.bus.BusCodecs;
import io.consilium.agents.messages.AgentStatus;
import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.PoolState;
import io.consilium.agents.messages.PortfolioView;
import io.consilium.agents.messages.Proposal;
import io.consilium.llm.serve.bus.LlmRequest;
import io.consilium.llm.serve.bus.LlmResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * A strategy that asks the model. The prompt quotes all market data as JSON inside a data block;
 * the answer must satisfy {@link #SCHEMA} (action + fraction + reason). Tokens, pool and the maximum
 * sizes come from config; the model only chooses the side and a fraction in [0, 1]. A timeout, an
 * unreachable llm role or an answer that fails the schema is a hold — with the reason journaled.
 */
public final class LlmDecider implements Decider {
    public static final String SCHEMA = """
            {"type":"object","additionalProperties":false,"required":["action","fraction","reason"],\
            "properties":{"action":{"enum":["buy","sell","hold"]},\
            "fraction":{"type":"number","minimum":0,"maximum":1},\
            "reason":{"type":"string","maxLength":200}}}""";

    private final LlmStrategyConfig cfg;
    private final String node;
    private final ObjectMapper json = BusCodecs.json();
    private double lastPrice = Double.NaN;
    private String lastState = "";
    private long requests;

    public LlmDecider(LlmStrategyConfig cfg, String node) {
        this.cfg = cfg;
        this.node = node;
    }

    @Override
    public String name() {
        return cfg.name();
    }

    @Override
    public String kind() {
        return "llm";
    }

    @Override
    public Future<Proposal> decide(Vertx vertx, MarketTick tick, PortfolioView view) {
        PoolState pool = tick.pool(cfg.pool());
        String id = cfg.name() + "-" + tick.block();
        String prompt = prompt(tick, pool, view);
        LlmRequest req = new LlmRequest(LlmRequest.VERSION, id + "-" + (requests++), prompt, cfg.maxTokens(),
                cfg.temperature(), tick.block(), SCHEMA, cfg.timeoutMillis());
        lastPrice = pool.price();
        return vertx.eventBus().<LlmResponse>request(Addresses.LLM_GENERATE, req,
                        new DeliveryOptions().setSendTimeout(cfg.timeoutMillis() + 1_000))
                .map(reply -> {
                    status(vertx, "ok", "model " + reply.body().model());
                    return toProposal(id, tick, reply.body());
                })
                .recover(err -> {
                    String why;
                    if (err instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
                        why = "llm role unreachable (no llm.generate handler)";
                        status(vertx, "degraded", why);
                    } else if (err instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
                        // No answer at all (a dead node the cluster has not yet dropped, or an overloaded one).
                        why = "llm did not answer within " + cfg.timeoutMillis() + " ms";
                        status(vertx, "degraded", why);
                    } else {
                        why = "llm request failed: " + err.getMessage();
                        status(vertx, "degraded", why);
                    }
                    return Future.succeededFuture(Proposal.hold(id, cfg.name(), tick.block(), "hold: " + why, "llm",
                            tick.observedAtNanos()));
                });
    }

    String prompt(MarketTick tick, PoolState pool, PortfolioView view) {
        ObjectNode data = json.createObjectNode();
        data.put("block", tick.block());
        data.put("pool", pool.name());
        data.put("base_symbol", cfg.baseToken());
        data.put("quote_symbol", cfg.quoteToken());
        data.put("price", pool.price());
        if (!Double.isNaN(lastPrice)) {
            data.put("previous_price", lastPrice);
        }
        ObjectNode holdings = data.putObject("holdings");
        view.holdings().forEach((sym, units) -> holdings.put(sym, units.toString()));
        data.put("pnl_quote", view.pnlQuote());
        String quoted;
        try {
            quoted = json.writeValueAsString(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // The data block is JSON, so a hostile symbol cannot close the tag or inject a line of its own.
        quoted = quoted.replace("<", "\\u003c").replace(">", "\\u003e");
        return cfg.promptTemplate().replace("{{data}}", quoted).replace("{{schema}}", SCHEMA);
    }

    Proposal toProposal(String id, MarketTick tick, LlmResponse r) {
        if (!r.ok()) {
            return Proposal.hold(id, cfg.name(), tick.block(), "hold: llm error: " + r.error(), "llm", tick.observedAtNanos());
        }
        if ("timeout".equals(r.finishReason())) {
            return Proposal.hold(id, cfg.name(), tick.block(), "hold: llm timed out", "llm", tick.observedAtNanos());
        }
        Optional<Answer> answer = parse(r.text());
        if (answer.isEmpty()) {
            String shown = r.text().length() > 60 ? r.text().substring(0, 60) + "…" : r.text();
            return Proposal.hold(id, cfg.name(), tick.block(), "hold: llm answer does not match the schema: "
                    + json.getNodeFactory().textNode(shown), "llm", tick.observedAtNanos());
        }
        Answer a = answer.get();
        String reason = "llm: " + a.reason();
        BigInteger max = a.action().equals("buy") ? cfg.maxBuyQuote() : cfg.maxSellBase();
        BigInteger amount = new BigDecimal(max).multiply(BigDecimal.valueOf(a.fraction()))
                .setScale(0, RoundingMode.DOWN).toBigIntegerExact();
        if (a.action().equals("hold") || amount.signum() == 0) {
            return Proposal.hold(id, cfg.name(), tick.block(), reason, "llm", tick.observedAtNanos());
        }
        boolean buy = a.action().equals("buy");
        return new Proposal(Proposal.VERSION, id, cfg.name(), tick.block(), Proposal.Action.SWAP, cfg.pool(),
                buy ? cfg.quoteToken() : cfg.baseToken(), buy ? cfg.baseToken() : cfg.quoteToken(), amount, reason,
                "llm", tick.observedAtNanos());
    }

    record Answer(String action, double fraction, String reason) {
    }

    /** Checks the answer against {@link #SCHEMA} by hand: the schema is small and fixed. */
    Optional<Answer> parse(String text) {
        int start = text.indexOf('{');
        int end = text.lastIndexOf('}');
        if (start < 0 || end < start) {
            return Optional.empty();
        }
        try {
            JsonNode n = json.readTree(text.substring(start, end + 1));
            if (!n.isObject() || n.size() != 3) {
                return Optional.empty();
            }
            JsonNode action = n.get("action");
            JsonNode fraction = n.get("fraction");
            JsonNode reason = n.get("reason");
            if (action == null || !action.isTextual() || fraction == null || !fraction.isNumber()
                    || reason == null || !reason.isTextual() || reason.asText().length() > 200) {
                return Optional.empty();
            }
            String act = action.asText();
            double f = fraction.asDouble();
            if (!(act.equals("buy") || act.equals("sell") || act.equals("hold")) || !(f >= 0 && f <= 1)) {
                return Optional.empty();
            }
            return Optional.of(new Answer(act, f, reason.asText()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private void status(Vertx vertx, String state, String detail) {
        if (!(state + detail).equals(lastState)) {
            lastState = state + detail;
            vertx.eventBus().publish(Addresses.STATUS, AgentStatus.of("strategy:" + cfg.name(), node, state, detail));
        }
    }
}
