package io.consilium.agents.journal;

import io.consilium.agents.messages.BusMessage;
import io.consilium.llm.serve.bus.LlmRequest;
import io.consilium.llm.serve.bus.LlmResponse;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.EventBus;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journals every protocol message this node sends or publishes, before it is delivered (an outbound
 * interceptor runs on the sender's thread, so a message is durable before any consumer sees it).
 * Type = "bus." + address. Replies to LLM requests are journaled by the node that sends them.
 */
public final class BusJournal {
    private static final Logger log = LoggerFactory.getLogger(BusJournal.class);

    private final EventJournal journal;
    private final AtomicLong failures = new AtomicLong();
    private Handler<DeliveryContext<Object>> interceptor;

    public BusJournal(EventJournal journal) {
        this.journal = journal;
    }

    public void install(EventBus bus) {
        interceptor = ctx -> {
            Object body = ctx.message().body();
            if (body instanceof BusMessage || body instanceof LlmRequest || body instanceof LlmResponse) {
                String address = ctx.message().address();
                try {
                    journal.append("bus." + (address == null ? "reply" : address), body);
                } catch (RuntimeException e) {
                    if (failures.getAndIncrement() == 0) {
                        log.error("journal: append failed ({}); the daemon keeps running but records are lost", e.toString());
                    }
                }
            }
            ctx.next();
        };
        bus.addOutboundInterceptor(interceptor);
    }

    public void uninstall(EventBus bus) {
        if (interceptor != null) {
            bus.removeOutboundInterceptor(interceptor);
        }
    }

    public long failures() {
        return failures.get();
    }
}
