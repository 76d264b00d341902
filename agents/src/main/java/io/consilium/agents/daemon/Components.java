package io.consilium.agents.daemon;

import io.consilium.agents.executor.OrderExecutor;
import io.consilium.agents.market.MarketFeed;
import io.consilium.agents.portfolio.Book;
import io.consilium.agents.strategy.Decider;
import io.consilium.chain.domain.Address;
import io.consilium.llm.serve.bus.TextGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the daemon runs, built from the config by a {@link Wiring}: the market feed, one decider
 * per enabled strategy, the portfolio book, the executor, the in-process model (or null), and the
 * resources to close at the end (testbed, clients), in reverse order.
 */
public record Components(MarketFeed feed, List<Decider> deciders, Book book, Address account, String accountLabel,
                         OrderExecutor executor, TextGenerator llm, Map<String, Object> info,
                         List<AutoCloseable> resources) {
    public Components {
        deciders = List.copyOf(deciders);
        resources = new ArrayList<>(resources);
    }
}
