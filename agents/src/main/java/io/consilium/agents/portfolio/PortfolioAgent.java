package io.consilium.agents.portfolio;

import io.consilium.agents.bus.Addresses;
import io.consilium.agents.messages.AgentStatus;
import io.consilium.agents.messages.Decision;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.PoolState;
import io.consilium.agents.messages.Proposal;
import io.consilium.chain.domain.Address;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns proposals into orders: collects one block's proposals (until every strategy has spoken or a
 * short window passes), nets opposite ones, sizes the rest against each strategy's book and limits,
 * and sends the orders to the executor. Books fills from execution results and publishes a report
 * after every block.
 * <p>
 * Slow strategies (the LLM ones) do not hold the others back: a block's batch goes out as soon as
 * every fast strategy has spoken, and a slow proposal that comes after its block went out is sized on
 * its own at once. Netting then only crosses proposals that arrived together.
 */
public final class PortfolioAgent extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(PortfolioAgent.class);

    private final Book book;
    private final Address account;
    private final Set<String> strategies;
    private final Set<String> fast;
    private final long windowMillis;
    private final java.util.Deque<Long> flushed = new java.util.ArrayDeque<>();
    private final String node;
    private final Map<Long, List<Proposal>> pending = new HashMap<>();
    private final Map<Long, Long> windowTimers = new HashMap<>();
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private MarketTick lastTick;
    private volatile boolean stopping;

    public PortfolioAgent(Book book, Address account, Set<String> strategies, long windowMillis, String node) {
        this(book, account, strategies, Set.of(), windowMillis, node);
    }

    /** @param slow strategies the batch of a block does not wait for (they answer in seconds, not milliseconds) */
    public PortfolioAgent(Book book, Address account, Set<String> strategies, Set<String> slow, long windowMillis,
                          String node) {
        this.book = book;
        this.account = account;
        this.strategies = Set.copyOf(strategies);
        Set<String> f = new java.util.HashSet<>(strategies);
        f.removeAll(slow);
        this.fast = Set.copyOf(f);
        this.windowMillis = windowMillis;
        this.node = node;
    }

    @Override
    public Future<?> start() {
        var bus = vertx.eventBus();
        consumers.add(bus.<MarketTick>consumer(Addresses.MARKET_SNAPSHOT, m -> onTick(m.body())));
        consumers.add(bus.<Proposal>consumer(Addresses.PORTFOLIO_PROPOSAL, m -> onProposal(m.body())));
        consumers.add(bus.<ExecutionResult>consumer(Addresses.EXECUTOR_RESULT, m -> book.onResult(m.body())));
        consumers.add(bus.<String>consumer(Addresses.PORTFOLIO_VIEW, m -> m.reply(book.view(m.body()))));
        bus.publish(Addresses.STATUS, AgentStatus.of("portfolio", node, "ok", strategies.size() + " strategies"));
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }

    private void onTick(MarketTick tick) {
        lastTick = tick;
        book.mark(tick);
        vertx.eventBus().publish(Addresses.PORTFOLIO_REPORT, book.report(account));
    }

    private void onProposal(Proposal p) {
        if (stopping) {
            return;
        }
        if (flushed.contains(p.block())) {
            // A slow strategy's answer after its block's batch went out: sized on its own, now.
            pending.put(p.block(), new ArrayList<>(List.of(p)));
            flush(p.block());
            return;
        }
        List<Proposal> batch = pending.computeIfAbsent(p.block(), b -> new ArrayList<>());
        batch.add(p);
        boolean fastDone = !fast.isEmpty() && fast.size() < strategies.size()
                && batch.stream().map(Proposal::strategy).collect(java.util.stream.Collectors.toSet()).containsAll(fast);
        if (batch.size() >= strategies.size() || fastDone) {
            flush(p.block());
        } else if (!windowTimers.containsKey(p.block())) {
            windowTimers.put(p.block(), vertx.setTimer(windowMillis, t -> flush(p.block())));
        }
    }

    private void flush(long block) {
        Long timer = windowTimers.remove(block);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
        List<Proposal> batch = pending.remove(block);
        if (batch == null || stopping) {
            return;
        }
        if (!flushed.contains(block)) {
            flushed.addLast(block);
            while (flushed.size() > 64) {
                flushed.removeFirst();
            }
        }
        List<Proposal> swaps = new ArrayList<>();
        for (Proposal p : batch) {
            if (p.isHold()) {
                decide(p, "hold", null, "hold", p.reason());
            } else {
                swaps.add(p);
            }
        }
        Map<String, PoolState> pools = new HashMap<>();
        if (lastTick != null) {
            lastTick.pools().forEach(ps -> pools.put(ps.name(), ps));
        }
        Netting.Result net = Netting.net(swaps, pools);
        net.crossed().forEach((strategy, deltas) -> {
            book.cross(strategy, deltas);
            Proposal p = swaps.stream().filter(s -> s.strategy().equals(strategy)).findFirst().orElseThrow();
            log.info("portfolio: {} netted — crossed {}", strategy, deltas);
            vertx.eventBus().publish(Addresses.PORTFOLIO_DECISION, new Decision(Decision.VERSION, p.id(), strategy,
                    p.block(), "netted", null, "crossed " + deltas,
                    "opposite proposals on the same pool crossed internally at the pool price", deltas));
        });
        for (Proposal p : net.residual()) {
            String orderId = "o-" + p.block() + "-" + p.strategy();
            Book.Sized sized = book.size(p, account, orderId);
            if (sized.order() == null) {
                decide(p, "rejected", null, OrderLabel.proposal(p, lastTick), sized.rejection());
            } else {
                decide(p, "order", orderId, OrderLabel.order(p, sized.order(), lastTick), p.reason());
                vertx.eventBus().send(Addresses.EXECUTOR_ORDER, sized.order());
            }
        }
    }

    private void decide(Proposal p, String outcome, String orderId, String summary, String reason) {
        if (!outcome.equals("hold")) {
            log.info("portfolio: {} {} — {}: {}", p.strategy(), outcome, summary, reason);
        }
        vertx.eventBus().publish(Addresses.PORTFOLIO_DECISION,
                new Decision(Decision.VERSION, p.id(), p.strategy(), p.block(), outcome, orderId, summary, reason, null));
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        windowTimers.values().forEach(vertx::cancelTimer);
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList());
    }
}
