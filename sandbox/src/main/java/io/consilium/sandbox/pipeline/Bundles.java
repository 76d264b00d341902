package io.consilium.sandbox.pipeline;

import io.consilium.chain.domain.Address;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.sandbox.TxRequest;
import io.consilium.sandbox.policy.Facts;
import io.consilium.sandbox.policy.PolicyEngine;
import io.consilium.sandbox.policy.Quote;
import io.consilium.sandbox.policy.RuleResult;
import io.consilium.sandbox.sim.BundleSimulator;
import io.consilium.sandbox.sim.Simulation;
import io.consilium.sandbox.sim.SimulationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Paper and shadow runs of transactions that only work together — an approval and the swap that
 * spends it, from an account that has no allowance yet: simulated as one bundle on the fork
 * (snapshot, run each in order, read asset changes, revert), each transaction checked by the policy
 * against its own simulation, and booked (paper) or recorded (shadow) only if every one is allowed.
 * Never signs: live mode sends such steps one at a time, each simulated on the chain as it is then.
 */
final class Bundles {
    private Bundles() {
    }

    static List<Verdict> run(Sandbox sb, BundleSimulator simulator, List<TxRequest> requests) {
        List<String> ids = requests.stream().map(r -> UUID.randomUUID().toString()).toList();
        for (int i = 0; i < requests.size(); i++) {
            sb.journal().append("sandbox.request", Map.of("requestId", ids.get(i), "mode", sb.mode().name().toLowerCase(),
                    "request", requests.get(i).toJson(), "approvalId", "", "bundle", ids.getFirst()));
        }
        Address from = requests.getFirst().from();
        if (requests.stream().anyMatch(r -> !r.from().equals(from))) {
            return denyAll(sb, ids, RuleResult.deny("bundle", "a bundle's transactions must all come from one account"));
        }
        List<Eip1559Tx> txs = new ArrayList<>();
        List<List<RuleResult>> prechecked = new ArrayList<>();
        Set<Address> ours = sb.ours(requests.getFirst());
        try {
            Long first = requests.getFirst().nonce();
            for (int i = 0; i < requests.size(); i++) {
                TxRequest r = requests.get(i);
                if (r.nonce() == null && first != null) {
                    r = r.withNonce(first + i);
                }
                Eip1559Tx tx = TxBuilder.build(sb.rpc(), r, sb.engine().policy().maxGas());
                first = first == null ? tx.nonce() : first;
                txs.add(tx);
            }
        } catch (RuntimeException e) {
            return denyAll(sb, ids, RuleResult.deny("build", "cannot build the bundle: " + e.getMessage()));
        }
        for (int i = 0; i < txs.size(); i++) {
            Facts pre = new Facts(txs.get(i), from, ours, sb.nodeChain(), null, sb.clock().instant(), Optional.empty());
            List<RuleResult> p = sb.engine().precheck(pre, requests.get(i).replayKey(), false);
            if (p.stream().anyMatch(r -> r.outcome() == RuleResult.Outcome.DENY)) {
                return denyAll(sb, ids, p.stream().filter(r -> r.outcome() == RuleResult.Outcome.DENY).toList()
                        .toArray(RuleResult[]::new));
            }
            prechecked.add(p);
        }
        List<Simulation> sims;
        try {
            sims = simulator.simulateBundle(txs, from, ours);
        } catch (SimulationFailure | IllegalStateException e) {
            return denyAll(sb, ids, RuleResult.deny("simulation-error", "bundle simulation failed, so nothing is booked: "
                    + e.getMessage()));
        }
        List<PolicyEngine.Decision> decisions = new ArrayList<>();
        List<Verdict> out = new ArrayList<>();
        for (int i = 0; i < txs.size(); i++) {
            if (i >= sims.size()) {
                release(sb, decisions, requests);
                return denyAll(sb, ids, RuleResult.deny("simulation", "an earlier transaction of the bundle failed, so "
                        + "this one never ran"));
            }
            Simulation sim = sims.get(i);
            sb.journal().append("sandbox.simulation", Map.of("requestId", ids.get(i), "simulation", sim));
            Optional<Quote> quote;
            try {
                quote = sb.quotes().quote(txs.get(i), sim);
            } catch (RuntimeException e) {
                release(sb, decisions, requests);
                return denyAll(sb, ids, RuleResult.deny("quote", "the independent quote failed: " + e.getMessage()));
            }
            Facts f = new Facts(txs.get(i), from, ours, sb.nodeChain(), sim, sb.clock().instant(), quote);
            PolicyEngine.Decision d = sb.engine().evaluate(f, prechecked.get(i), requests.get(i).replayKey(), false);
            decisions.add(d);
            if (d.outcome() != RuleResult.Outcome.ALLOW) {
                release(sb, decisions, requests);
                List<RuleResult> why = new ArrayList<>(d.reasons());
                if (d.outcome() == RuleResult.Outcome.PENDING) {
                    why.add(RuleResult.deny("human-approval", "needs a person's approval, which a simulated bundle "
                            + "cannot wait for; nothing is booked"));
                }
                return denyAll(sb, ids, why.toArray(RuleResult[]::new));
            }
            out.add(new Verdict(ids.get(i), sb.mode(), Verdict.Decision.ALLOW,
                    d.reasons().stream().map(Verdict.Reason::of).toList(), sim.assetChanges(), sim.blockNumber(), null,
                    null, null, null, null, null));
        }
        for (int i = 0; i < out.size(); i++) {
            Verdict v = out.get(i);
            sb.journal().append("sandbox.budget", Map.of("requestId", v.requestId(), "atMillis", sb.clock().millis(),
                    "replayKey", requests.get(i).replayKey() == null ? "" : requests.get(i).replayKey(),
                    "claims", decisions.get(i).claims().stream().map(c -> Map.of("key", c.key(),
                            "amount", c.amount().toString())).toList()));
            sb.journal().append("sandbox.verdict", v);
            if (sb.mode() == Mode.PAPER) {
                sb.paperPortfolio().book(v.assetChanges(), ours);
                sb.journal().append("sandbox.paper", Map.of("requestId", v.requestId(), "booked", v.assetChanges()));
            } else {
                sb.journal().append("sandbox.shadow", Map.of("requestId", v.requestId(), "wouldSend",
                        requests.get(i).toJson(), "atBlock", v.simulatedBlock()));
            }
        }
        return out;
    }

    private static void release(Sandbox sb, List<PolicyEngine.Decision> decisions, List<TxRequest> requests) {
        // Only what was allowed holds a reservation and a replay claim; a denial's key may be another request's.
        for (int i = 0; i < decisions.size(); i++) {
            if (decisions.get(i).outcome() == RuleResult.Outcome.ALLOW) {
                sb.engine().release(decisions.get(i), requests.get(i).replayKey());
            }
        }
    }

    private static List<Verdict> denyAll(Sandbox sb, List<String> ids, RuleResult... why) {
        List<Verdict> out = new ArrayList<>();
        for (String id : ids) {
            out.add(sb.deny(id, List.of(why), null, null));
        }
        return out;
    }
}
