package io.consilium.sandbox.policy;

import io.consilium.chain.domain.Address;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates a {@link Policy} against the {@link Facts} of one simulated transaction. Deny by default:
 * the result is ALLOW only if the call matched an allow rule and no rule denied; any DENY wins over
 * every ALLOW. Budgets are reserved here, atomically, only when the answer is ALLOW.
 */
public final class PolicyEngine {
    /** The engine's answer: the decision, every rule that matched, and the budget held for it (0: none). */
    public record Decision(RuleResult.Outcome outcome, List<RuleResult> reasons, long reservation,
                           Map<Address, BigInteger> outflows, double usd, List<BudgetLedger.Claim> claims) {
        public Decision(RuleResult.Outcome outcome, List<RuleResult> reasons, long reservation,
                        Map<Address, BigInteger> outflows, double usd) {
            this(outcome, reasons, reservation, outflows, usd, List.of());
        }

        public boolean allowed() {
            return outcome == RuleResult.Outcome.ALLOW;
        }
    }

    private final Policy policy;
    private final PriceSource prices;
    private final KillSwitch killSwitch;
    private final BudgetLedger ledger;
    private final RequestGuard guard = new RequestGuard();

    public PolicyEngine(Policy policy, PriceSource prices, KillSwitch killSwitch) {
        this.policy = policy;
        this.prices = prices == null ? PriceSource.fromPolicy(policy) : prices;
        this.killSwitch = killSwitch != null ? killSwitch : new KillSwitch(policy.killSwitchFile());
        this.ledger = new BudgetLedger(policy.windowSeconds());
    }

    public Policy policy() {
        return policy;
    }

    public KillSwitch killSwitch() {
        return killSwitch;
    }

    /** The checks that need no simulation; a non-empty answer is a denial before anything runs. */
    public List<RuleResult> precheck(Facts partial, String replayKey, boolean humanApproved) {
        List<RuleResult> out = new ArrayList<>();
        if (killSwitch.engaged()) {
            out.add(RuleResult.deny("kill-switch", "the kill switch is engaged: " + killSwitch.why()));
        }
        if (!policy.chains().contains(partial.tx().chainId())) {
            out.add(RuleResult.deny("chain", "chain id " + partial.tx().chainId().value() + " is not one the policy allows "
                    + policy.chains().stream().map(c -> String.valueOf(c.value())).toList()));
        }
        if (partial.nodeChain() != null && !partial.nodeChain().equals(partial.tx().chainId())) {
            out.add(RuleResult.deny("chain", "the request is for chain " + partial.tx().chainId().value()
                    + " but the RPC serves chain " + partial.nodeChain().value()));
        }
        BigInteger gas = partial.tx().gasLimit();
        if (policy.maxGas() != null && gas.compareTo(policy.maxGas()) > 0) {
            out.add(RuleResult.deny("gas-cap", "gas limit " + gas + " is above the cap " + policy.maxGas()));
        }
        if (policy.maxFeePerGas() != null && partial.tx().maxFeePerGas().compareTo(policy.maxFeePerGas()) > 0) {
            out.add(RuleResult.deny("fee-cap", "maxFeePerGas " + partial.tx().maxFeePerGas() + " is above the cap " + policy.maxFeePerGas()));
        }
        if (policy.maxPriorityFeePerGas() != null
                && partial.tx().maxPriorityFeePerGas().compareTo(policy.maxPriorityFeePerGas()) > 0) {
            out.add(RuleResult.deny("fee-cap", "maxPriorityFeePerGas " + partial.tx().maxPriorityFeePerGas()
                    + " is above the cap " + policy.maxPriorityFeePerGas()));
        }
        long now = partial.now().toEpochMilli();
        if (!humanApproved && !guard.admit(partial.from().hex(), policy.maxRequests(), policy.ratePerSeconds() * 1000, now)) {
            out.add(RuleResult.deny("rate-limit", "more than " + policy.maxRequests() + " requests from " + partial.from()
                    + " within " + policy.ratePerSeconds() + " s"));
        }
        if (!humanApproved && replayKey != null && guard.isReplay(replayKey, policy.replayWindowSeconds() * 1000, now)) {
            out.add(RuleResult.deny("replay", "this request was already accepted within the last "
                    + policy.replayWindowSeconds() + " s"));
        }
        return out;
    }

    /** Full evaluation after simulation; reserves budgets and claims the replay key when allowing. */
    public Decision evaluate(Facts f, List<RuleResult> prechecked, String replayKey, boolean humanApproved) {
        List<RuleResult> out = new ArrayList<>(prechecked);
        if (!f.simulation().success()) {
            out.add(RuleResult.deny("simulation", "the transaction reverts in simulation: " + f.simulation().revertReason()));
        }
        boolean allowListed = CalldataRules.check(policy, f, out);
        TraceRules.check(policy, f, out);
        AssetRules.Spend spend = AssetRules.check(policy, f, prices, out);
        // the same finding can come from the calldata and from the state read after: report it once
        List<RuleResult> unique = new ArrayList<>(new java.util.LinkedHashSet<>(out));
        out.clear();
        out.addAll(unique);
        boolean denied = !allowListed || out.stream().anyMatch(r -> r.outcome() == RuleResult.Outcome.DENY);
        if (denied) {
            return new Decision(RuleResult.Outcome.DENY, out, 0, spend.outflows(), spend.usd());
        }
        if (!humanApproved && policy.humanApprovalAboveUsd() != null && spend.usd() > policy.humanApprovalAboveUsd()) {
            out.add(RuleResult.pending("human-approval", String.format("spends about %.2f USD, above the %.2f USD that needs a person's approval",
                    spend.usd(), policy.humanApprovalAboveUsd())));
            return new Decision(RuleResult.Outcome.PENDING, out, 0, spend.outflows(), spend.usd());
        }
        long now = f.now().toEpochMilli();
        List<BudgetLedger.Claim> claims = new ArrayList<>();
        spend.outflows().forEach((token, amt) -> {
            Policy.TokenLimits lim = policy.tokens().get(token);
            claims.add(new BudgetLedger.Claim(token.hex(), amt, lim == null ? null : lim.maxPerWindow()));
        });
        if (policy.usdMaxPerWindow() != null) {
            claims.add(new BudgetLedger.Claim("usd", micro(spend.usd()), micro(policy.usdMaxPerWindow())));
        }
        long[] id = new long[1];
        Optional<BudgetLedger.Claim> broken = ledger.tryReserve(claims, now, id);
        if (broken.isPresent()) {
            BudgetLedger.Claim c = broken.get();
            out.add(RuleResult.deny("window-cap", (c.key().equals("usd") ? "USD" : c.key()) + " spent within the last "
                    + policy.windowSeconds() + " s would exceed the cap " + (c.key().equals("usd")
                    ? new BigDecimal(c.cap()).movePointLeft(6) + " USD" : c.cap() + " base units")));
            return new Decision(RuleResult.Outcome.DENY, out, 0, spend.outflows(), spend.usd());
        }
        if (replayKey != null && !humanApproved && !guard.tryClaim(replayKey, policy.replayWindowSeconds() * 1000, now)) {
            ledger.release(id[0]);
            out.add(RuleResult.deny("replay", "an identical request was accepted concurrently"));
            return new Decision(RuleResult.Outcome.DENY, out, 0, spend.outflows(), spend.usd());
        }
        return new Decision(RuleResult.Outcome.ALLOW, out, id[0], spend.outflows(), spend.usd(), claims);
    }

    /** Gives back a reservation (the transaction was not sent) and forgets its replay key. */
    public void release(Decision d, String replayKey) {
        if (d.reservation() != 0) {
            ledger.release(d.reservation());
        }
        if (replayKey != null) {
            guard.forget(replayKey);
        }
    }

    /** Marks a request identity as already accepted at {@code atMillis} (restored from the journal). */
    /** A request counted against the sender's rate limit before a restart. */
    public void recountRequest(String sender, long atMillis) {
        guard.recount(sender, atMillis);
    }

    public void rememberAccepted(String replayKey, long atMillis) {
        guard.remember(replayKey, atMillis);
    }

    public BudgetLedger ledger() {
        return ledger;
    }

    private static BigInteger micro(double usd) {
        return BigDecimal.valueOf(usd).movePointRight(6).toBigInteger();
    }
}
