package io.consilium.agents.strategy.spi;

import io.consilium.strategy.engine.RiskRules;
import java.math.BigDecimal;
import io.consilium.agents.messages.RiskState;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML's {@code risk.stopLoss} and {@code risk.maxDrawdownHalt} in the daemon, decided by the
 * strategies module's {@link RiskRules} (the backtest kernel's rules) over this strategy's own slice:
 * its peak equity and each asset's average entry price, kept from block to block. Like the kernel,
 * holdings present at the first block enter at that block's price, a buy adds the quote it spent and
 * a sell removes its share of the cost. Only the selling differs: one swap per block through the
 * portfolio and the sandbox.
 */
final class LiveRisk {
    /** What the rules ask for now: nothing, or sell all of {@code asset} because of {@code reason}. */
    record Action(String asset, String reason) {
    }

    private final StrategyBinding binding;
    private final RiskRules rules;
    private final Map<String, Double> cost = new HashMap<>();
    private final Map<String, BigInteger> last = new HashMap<>();
    private double peak = Double.NEGATIVE_INFINITY;
    private String halted;

    LiveRisk(StrategyBinding binding) {
        this.binding = binding;
        this.rules = new RiskRules(binding.config().risk());
    }

    /** The halt reason once the drawdown halt fired (it never clears in this run), else null. */
    String halted() {
        return halted;
    }

    /** The state to persist (peak, entry costs, the holdings they were last updated from, halt). */
    RiskState state(long block) {
        return new RiskState(RiskState.VERSION, binding.name(), block, peak, cost, last, halted);
    }

    /**
     * Puts a persisted state back (before the first block after a restart): a halted strategy stays halted, and
     * average entries and the peak carry on instead of restarting from the first block's prices.
     */
    void restore(RiskState s) {
        peak = s.peak();
        cost.clear();
        cost.putAll(s.cost());
        last.clear();
        last.putAll(s.last());
        halted = s.halted();
    }

    /** Observes this block's holdings and prices; returns the sale the rules require, or null. */
    Action observe(LivePortfolio pf, LiveMarket market) {
        List<String> risky = binding.config().riskyAssets();
        String q = binding.config().quote();
        updateCosts(pf, market, risky, q);
        double equity = pf.equity();
        peak = Math.max(peak, equity);
        if (halted == null && rules.halts(equity, peak)) {
            halted = String.format("max-drawdown halt: equity %.2f %s is more than %.1f%% below its peak %.2f "
                    + "(risk.maxDrawdownHalt)", equity, q, rules.maxDrawdownHalt() * 100, peak);
        }
        if (halted != null) {
            for (String a : risky) {
                if (pf.balance(a).signum() > 0) {
                    return new Action(a, halted + "; liquidating " + a);
                }
            }
            return null;
        }
        for (String a : risky) {
            double avg = averageEntry(a, pf);
            if (rules.stopsOut(pf.balance(a).signum() > 0, market.price(a), avg)) {
                return new Action(a, String.format("stop-loss: %s at %.4f is more than %.1f%% below its average entry "
                        + "%.4f (risk.stopLoss); selling all of it", a, market.price(a), rules.stopLoss() * 100, avg));
            }
        }
        return null;
    }

    double averageEntry(String asset, LivePortfolio pf) {
        double units = human(pf.balance(asset), pf.decimals(asset));
        return units > 0 ? cost.getOrDefault(asset, 0.0) / units : Double.NaN;
    }

    private void updateCosts(LivePortfolio pf, LiveMarket market, List<String> risky, String q) {
        boolean first = last.isEmpty();
        BigInteger quoteDelta = pf.balance(q).subtract(last.getOrDefault(q, pf.balance(q)));
        int bought = 0;
        for (String a : risky) {
            if (pf.balance(a).compareTo(last.getOrDefault(a, pf.balance(a))) > 0) {
                bought++;
            }
        }
        for (String a : risky) {
            BigInteger now = pf.balance(a);
            int dec = pf.decimals(a);
            if (first) {
                cost.put(a, human(now, dec) * market.price(a));
                continue;
            }
            BigInteger before = last.getOrDefault(a, BigInteger.ZERO);
            int cmp = now.compareTo(before);
            if (cmp > 0) {
                // One asset bought against the quote: its cost is the quote spent, as in the kernel; otherwise the price.
                double added = bought == 1 && quoteDelta.signum() < 0 ? human(quoteDelta.negate(), pf.decimals(q))
                        : human(now.subtract(before), dec) * market.price(a);
                cost.merge(a, added, Double::sum);
            } else if (cmp < 0) {
                double c = cost.getOrDefault(a, 0.0);
                cost.put(a, before.signum() > 0 ? c - c * human(before.subtract(now), dec) / human(before, dec) : 0.0);
            }
        }
        last.clear();
        for (String a : risky) {
            last.put(a, pf.balance(a));
        }
        last.put(q, pf.balance(q));
    }

    private static double human(BigInteger units, int decimals) {
        return new BigDecimal(units).movePointLeft(decimals).doubleValue();
    }
}
