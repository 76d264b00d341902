package io.consilium.agents.strategy;

import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.PoolState;
import io.consilium.agents.messages.PortfolioView;
import io.consilium.agents.messages.Proposal;
import io.consilium.agents.portfolio.Prices;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Target-weight rebalancing with a drift band on one pool: when the base token's share of the
 * strategy's value leaves {@code target ± band}, swap back to the target. The daemon's own small rule
 * (type {@code band-rebalance}) so the embedded default trades before the strategies module's binder
 * is wired; the same idea as the strategies module's rebalance built-in.
 */
public final class BandRebalanceRule implements RuleDecider.Rule {
    private final String name;
    private final String pool;
    private final String base;
    private final String quote;
    private final double target;
    private final double band;

    public BandRebalanceRule(String name, String pool, String base, String quote, double target, double band) {
        this.name = name;
        this.pool = pool;
        this.base = base;
        this.quote = quote;
        this.target = target;
        this.band = band;
    }

    @Override
    public Proposal decide(MarketTick tick, PortfolioView view) {
        String id = name + "-" + tick.block();
        PoolState p = tick.pool(pool);
        double px = Prices.inQuote(tick, quote).getOrDefault(base, 0.0);
        if (!(px > 0)) {
            return Proposal.hold(id, name, tick.block(), "no price for " + base, "rule", tick.observedAtNanos());
        }
        int bd = tick.token(base).decimals();
        int qd = tick.token(quote).decimals();
        BigInteger b = view.holdings().getOrDefault(base, BigInteger.ZERO);
        BigInteger q = view.holdings().getOrDefault(quote, BigInteger.ZERO);
        double vb = Prices.value(b, bd, px);
        double vq = Prices.value(q, qd, 1.0);
        double total = vb + vq;
        if (total <= 0) {
            return Proposal.hold(id, name, tick.block(), "empty budget", "rule", tick.observedAtNanos());
        }
        double w = vb / total;
        String where = String.format("%s weight %.3f vs target %.3f ± %.3f at %.2f %s", base, w, target, band, px, quote);
        if (Math.abs(w - target) <= band) {
            return Proposal.hold(id, name, tick.block(), "in band: " + where, "rule", tick.observedAtNanos());
        }
        double tradeValue = Math.abs(w - target) * total;
        if (w > target) {
            BigInteger amt = new BigDecimal(tradeValue / px).movePointRight(bd).setScale(0, RoundingMode.DOWN).toBigInteger();
            return new Proposal(Proposal.VERSION, id, name, tick.block(), Proposal.Action.SWAP, p.name(), base, quote, amt,
                    "above band: " + where + ", sell " + base, "rule", tick.observedAtNanos());
        }
        BigInteger amt = new BigDecimal(tradeValue).movePointRight(qd).setScale(0, RoundingMode.DOWN).toBigInteger();
        return new Proposal(Proposal.VERSION, id, name, tick.block(), Proposal.Action.SWAP, p.name(), quote, base, amt,
                "below band: " + where + ", buy " + base, "rule", tick.observedAtNanos());
    }
}
