package io.consilium.agents.strategy.spi;

import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.PortfolioView;
import io.consilium.agents.messages.Proposal;
import io.consilium.agents.strategy.RuleDecider;
import io.consilium.strategy.config.Durations;
import io.consilium.strategy.config.PoolSpec;
import io.consilium.strategy.spi.Intent;
import io.consilium.strategy.spi.Strategy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Runs a strategies-module {@link Strategy} (built from its YAML by the module's own binder) block by
 * block in the daemon: the same object and config a backtest runs, with the chain's snapshot as the
 * market and the daemon's book as the portfolio. The YAML's schedule (interval, warm-up) is honoured
 * against block timestamps. One swap is proposed per decision; the portfolio sizes and checks it.
 */
public final class SpiRule implements RuleDecider.Rule {
    private final StrategyBinding binding;
    private final Strategy strategy;
    private final LiveMarket market;
    private final long intervalSeconds;
    private final int warmup;
    private final LiveRisk risk;
    private long events;
    private long lastBlock;
    private long lastDecision = Long.MIN_VALUE;

    public SpiRule(StrategyBinding binding, Strategy strategy) {
        this.binding = binding;
        this.strategy = strategy;
        this.market = new LiveMarket(binding);
        this.intervalSeconds = Durations.parse(binding.config().schedule().interval()).toSeconds();
        this.warmup = binding.config().schedule().warmup();
        this.risk = new LiveRisk(binding);
    }

    @Override
    public io.consilium.agents.messages.RiskState riskState() {
        return risk.state(lastBlock);
    }

    @Override
    public void restore(io.consilium.agents.messages.RiskState state) {
        risk.restore(state);
    }

    @Override
    public Proposal decide(MarketTick tick, PortfolioView view) {
        lastBlock = tick.block();
        market.update(tick);
        events++;
        String id = binding.name() + "-" + tick.block();
        // The YAML's stop rules run on every block, before warm-up and schedule, as in the backtest kernel.
        LiveRisk.Action stop = risk.observe(new LivePortfolio(binding, market, view), market);
        if (stop != null) {
            PoolSpec pool = binding.poolFor(stop.asset());
            BigInteger all = new LivePortfolio(binding, market, view).balance(stop.asset());
            if (pool != null && all.signum() > 0) {
                return proposal(id, tick, pool, stop.asset(), binding.config().quote(), all, stop.reason());
            }
        }
        if (risk.halted() != null) {
            return hold(id, tick, "halted: " + risk.halted());
        }
        if (events <= warmup) {
            return hold(id, tick, "warming up: " + events + "/" + warmup + " blocks observed (schedule.warmup)");
        }
        long now = tick.timestamp();
        if (lastDecision != Long.MIN_VALUE && now - lastDecision < intervalSeconds) {
            return hold(id, tick, "next decision in " + (intervalSeconds - (now - lastDecision)) + " s (schedule.interval "
                    + binding.config().schedule().interval() + ")");
        }
        lastDecision = now;
        LivePortfolio portfolio = new LivePortfolio(binding, market, view);
        List<Intent> intents = strategy.decide(market, portfolio);
        String held = "no intent";
        for (Intent i : intents == null ? List.<Intent>of() : intents) {
            Proposal p = switch (i) {
                case Intent.Swap s -> swap(id, tick, s, portfolio);
                case Intent.RebalanceToWeights r -> rebalance(id, tick, r.weights(), portfolio);
                case Intent.AddLiquidity a -> null;
                case Intent.RemoveLiquidity r -> null;
                case Intent.Hold h -> null;
            };
            if (p != null) {
                return p;
            }
            held = switch (i) {
                case Intent.Hold h -> h.reason();
                case Intent.AddLiquidity a -> "liquidity intents run in backtests only; the daemon holds";
                case Intent.RemoveLiquidity r -> "liquidity intents run in backtests only; the daemon holds";
                default -> held;
            };
        }
        return hold(id, tick, binding.config().type().key() + ": " + held + weights(portfolio));
    }

    private Proposal swap(String id, MarketTick tick, Intent.Swap s, LivePortfolio pf) {
        String q = binding.config().quote();
        String base = s.sell().equals(q) ? s.buy() : s.sell();
        PoolSpec pool = s.pool() != null ? binding.config().pool(s.pool()) : binding.poolFor(base);
        if (pool == null) {
            return null;
        }
        BigInteger amount = s.amountIn().min(pf.balance(s.sell()));
        if (amount.signum() <= 0) {
            return null;
        }
        return proposal(id, tick, pool, s.sell(), s.buy(), amount, binding.config().type().key() + ": sell "
                + human(amount, pf.decimals(s.sell())) + " " + s.sell() + " for " + s.buy() + weights(pf));
    }

    /** Sells what is above its weight first, then buys what is below (as the backtest engine does), one swap at a time. */
    private Proposal rebalance(String id, MarketTick tick, Map<String, Double> weights, LivePortfolio pf) {
        double equity = pf.equity();
        if (!(equity > 0)) {
            return null;
        }
        double dust = equity * 1e-6;
        String q = binding.config().quote();
        String why = binding.config().type().key() + ": rebalance to " + weights + weights(pf);
        for (String a : binding.config().riskyAssets()) {
            double diff = weights.getOrDefault(a, 0.0) * equity - pf.value(a);
            PoolSpec pool = binding.poolFor(a);
            if (diff < -dust && pool != null) {
                BigInteger units = units(-diff / market.price(a), pf.decimals(a)).min(pf.balance(a));
                if (units.signum() > 0) {
                    return proposal(id, tick, pool, a, q, units, why + ", sell " + human(units, pf.decimals(a)) + " " + a);
                }
            }
        }
        for (String a : binding.config().riskyAssets()) {
            double diff = weights.getOrDefault(a, 0.0) * equity - pf.value(a);
            double room = binding.config().risk().maxPosition() * equity - pf.value(a);
            PoolSpec pool = binding.poolFor(a);
            if (diff > dust && pool != null && room > 0) {
                BigInteger units = pf.quoteUnits(Math.min(diff, room)).min(pf.balance(q));
                if (units.signum() > 0) {
                    return proposal(id, tick, pool, q, a, units, why + ", buy " + a + " with " + human(units, pf.decimals(q)) + " " + q);
                }
            }
        }
        return null;
    }

    private Proposal proposal(String id, MarketTick tick, PoolSpec pool, String sell, String buy, BigInteger amount,
                              String reason) {
        return new Proposal(Proposal.VERSION, id, binding.name(), tick.block(), Proposal.Action.SWAP,
                binding.chainPool(pool.id()), binding.chainSymbol(sell), binding.chainSymbol(buy), amount, reason,
                "rule:" + binding.config().type().key(), tick.observedAtNanos());
    }

    private String weights(LivePortfolio pf) {
        StringBuilder b = new StringBuilder(" (");
        for (String a : binding.config().riskyAssets()) {
            b.append(String.format("%s %.3f of %.2f %s at %.2f; ", a, pf.weight(a), pf.equity(), binding.config().quote(),
                    market.price(a)));
        }
        return b.substring(0, b.length() - 2) + ")";
    }

    private Proposal hold(String id, MarketTick tick, String reason) {
        return Proposal.hold(id, binding.name(), tick.block(), reason, "rule:" + binding.config().type().key(),
                tick.observedAtNanos());
    }

    private static BigInteger units(double human, int decimals) {
        if (!(human > 0) || !Double.isFinite(human)) {
            return BigInteger.ZERO;
        }
        return BigDecimal.valueOf(human).movePointRight(decimals).setScale(0, RoundingMode.DOWN).toBigInteger();
    }

    private static String human(BigInteger units, int decimals) {
        return new BigDecimal(units).movePointLeft(decimals).setScale(Math.min(decimals, 6), RoundingMode.DOWN)
                .stripTrailingZeros().toPlainString();
    }
}
