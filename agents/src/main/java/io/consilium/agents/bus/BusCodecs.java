package io.consilium.agents.bus;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.consilium.agents.messages.AgentStatus;
import io.consilium.agents.messages.ApprovalAction;
import io.consilium.agents.messages.Decision;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.Order;
import io.consilium.agents.messages.PortfolioReport;
import io.consilium.agents.messages.PortfolioView;
import io.consilium.agents.messages.Proposal;
import io.consilium.agents.messages.ReorgEvent;
import io.consilium.agents.messages.RiskState;
import io.consilium.agents.messages.SandboxVerdict;
import io.consilium.llm.serve.bus.LlmRequest;
import io.consilium.llm.serve.bus.LlmResponse;
import io.consilium.llm.serve.bus.LlmToken;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/** Registers the JSON codec of every message record, once per Vert.x instance, before any verticle deploys. */
public final class BusCodecs {
    /** Every record that travels on the bus. Add new message types here (and nowhere else). */
    public static final List<Class<?>> MESSAGE_TYPES = List.of(MarketTick.class, ReorgEvent.class, Proposal.class,
            Order.class, SandboxVerdict.class, ExecutionResult.class, AgentStatus.class, ApprovalAction.class, Decision.class,
            PortfolioView.class, PortfolioReport.class, RiskState.class, LlmRequest.class, LlmResponse.class, LlmToken.class);

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final Map<Vertx, Boolean> DONE = new WeakHashMap<>();

    private BusCodecs() {
    }

    /** The mapper used on the wire and in the journal. */
    public static ObjectMapper json() {
        return JSON;
    }

    public static synchronized void register(Vertx vertx) {
        if (DONE.putIfAbsent(vertx, Boolean.TRUE) != null) {
            return;
        }
        for (Class<?> type : MESSAGE_TYPES) {
            registerOne(vertx, type);
        }
    }

    private static <T> void registerOne(Vertx vertx, Class<T> type) {
        vertx.eventBus().registerDefaultCodec(type, new JsonRecordCodec<>(type, JSON));
    }
}
