package io.consilium.sandbox.policy;

import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.sandbox.Hex;
import io.consilium.sandbox.sim.AssetChange;
import io.consilium.sandbox.sim.SimLog;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rules on the asset changes read before and after: tokens, approvals, caps, slippage, lying events. */
final class AssetRules {
    private static final String TRANSFER_TOPIC = Hex.data(Abi.eventTopic("Transfer(address,address,uint256)"));

    private AssetRules() {}

    /** Our outflows per token (base units) and their USD value; denies on the way. */
    record Spend(Map<Address, BigInteger> outflows, double usd, boolean priced) {}

    static Spend check(Policy p, Facts f, PriceSource prices, List<RuleResult> out) {
        Map<Address, BigInteger> outflows = new HashMap<>();
        Map<Address, BigInteger> inflows = new HashMap<>();
        for (AssetChange c : f.simulation().assetChanges()) {
            if (!f.ours().contains(c.holder())) {
                continue;
            }
            if (c.kind() == AssetChange.Kind.ALLOWANCE) {
                if (c.after().compareTo(c.before()) > 0) {
                    List<RuleResult> tmp = new java.util.ArrayList<>();
                    CalldataRules.approvalAmount(p, c.token(), c.spender(), c.after(), tmp);
                    tmp.stream().filter(r -> r.outcome() == RuleResult.Outcome.DENY).forEach(out::add);
                }
                continue;
            }
            if (!p.tokens().containsKey(c.token())) {
                out.add(RuleResult.deny("unknown-token", (c.isNative() ? "the native coin" : CalldataRules.label(p, c.token()))
                        + " is not a token the policy lists, yet our balance of it would change by " + c.deltaValue()));
            }
            BigInteger d = c.deltaValue();
            if (d.signum() < 0) {
                outflows.merge(c.token(), d.negate(), BigInteger::add);
            } else {
                inflows.merge(c.token(), d, BigInteger::add);
            }
        }
        checkLogsAgainstBalances(p, f, out);
        double usd = 0;
        boolean priced = true;
        for (Map.Entry<Address, BigInteger> e : outflows.entrySet()) {
            Policy.TokenLimits lim = p.tokens().get(e.getKey());
            if (lim == null) {
                priced = false;
                continue;
            }
            if (lim.maxPerTx() != null && e.getValue().compareTo(lim.maxPerTx()) > 0) {
                out.add(RuleResult.deny("token-cap", "spends " + e.getValue() + " base units of " + lim.name()
                        + ", above its per-transaction cap " + lim.maxPerTx()));
            }
            var price = prices.usdPrice(e.getKey());
            if (price.isEmpty()) {
                priced = false;
                continue;
            }
            usd += new BigDecimal(e.getValue()).movePointLeft(lim.decimals()).doubleValue() * price.get();
        }
        boolean usdRules = p.usdMaxPerTx() != null || p.usdMaxPerWindow() != null || p.humanApprovalAboveUsd() != null;
        if (usdRules && !priced) {
            out.add(RuleResult.deny("usd-cap", "cannot price every token this transaction spends, so the USD caps cannot be checked"));
        } else if (p.usdMaxPerTx() != null && usd > p.usdMaxPerTx()) {
            out.add(RuleResult.deny("usd-cap", String.format("spends about %.2f USD, above the per-transaction cap of %.2f USD",
                    usd, p.usdMaxPerTx())));
        }
        if (p.maxSlippageBps() != null && f.quote().isPresent()) {
            Quote q = f.quote().get();
            BigInteger got = inflows.getOrDefault(q.tokenOut(), BigInteger.ZERO);
            BigInteger floor = q.expectedOut().multiply(BigInteger.valueOf(10_000L - p.maxSlippageBps()))
                    .divide(BigInteger.valueOf(10_000));
            if (got.compareTo(floor) < 0) {
                out.add(RuleResult.deny("slippage", "we would receive " + got + " of " + CalldataRules.label(p, q.tokenOut())
                        + " but " + q.source() + " quotes " + q.expectedOut() + " (more than " + p.maxSlippageBps() + " bps short)"));
            } else {
                out.add(RuleResult.allow("slippage", "receives " + got + " against a quote of " + q.expectedOut()));
            }
        }
        return new Spend(outflows, usd, priced);
    }

    /** A token whose Transfer events claim movements for our accounts that its balances do not show is lying. */
    private static void checkLogsAgainstBalances(Policy p, Facts f, List<RuleResult> out) {
        Map<String, BigInteger> claimed = new HashMap<>();
        for (SimLog l : f.simulation().logs()) {
            if (l.topics().size() != 3 || !l.topics().get(0).equals(TRANSFER_TOPIC)) {
                continue;
            }
            byte[] data = Hex.bytes(l.data());
            if (data.length != 32) {
                continue;
            }
            BigInteger v = new BigInteger(1, data);
            Address from = Address.of("0x" + l.topics().get(1).substring(26));
            Address to = Address.of("0x" + l.topics().get(2).substring(26));
            if (f.ours().contains(from)) {
                claimed.merge(l.address().hex() + ":" + from.hex(), v.negate(), BigInteger::add);
            }
            if (f.ours().contains(to)) {
                claimed.merge(l.address().hex() + ":" + to.hex(), v, BigInteger::add);
            }
        }
        for (Map.Entry<String, BigInteger> e : claimed.entrySet()) {
            String[] k = e.getKey().split(":");
            Address token = Address.of(k[0]);
            Address holder = Address.of(k[1]);
            BigInteger actual = f.simulation().balances().stream()
                    .filter(c -> c.token().equals(token) && c.holder().equals(holder))
                    .map(AssetChange::deltaValue).findFirst().orElse(BigInteger.ZERO);
            if (!actual.equals(e.getValue())) {
                out.add(RuleResult.deny("lying-events", CalldataRules.label(p, token) + " emits Transfer events worth "
                        + e.getValue() + " for " + holder + " but its balance changes by " + actual));
            }
        }
    }
}
