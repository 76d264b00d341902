package io.consilium.sandbox.policy;

import io.consilium.chain.abi.Abi;
import io.consilium.chain.abi.DecodedCall;
import io.consilium.chain.domain.Address;
import io.consilium.sandbox.sim.CallFrame;
import java.util.List;

/** Rules on what the simulated execution actually did, frame by frame, however deeply nested. */
final class TraceRules {
    private TraceRules() {}

    static void check(Policy p, Facts f, List<RuleResult> out) {
        for (CallFrame c : f.simulation().calls()) {
            if (c.error() != null) {
                continue; // reverted frames changed nothing
            }
            if (c.to() != null && p.deniedContracts().containsKey(c.to())) {
                out.add(RuleResult.deny(p.deniedContracts().get(c.to()), "the execution calls the denied contract "
                        + CalldataRules.label(p, c.to())));
            }
            String sel = c.selector();
            if (p.deniedSelectors().containsKey(sel)) {
                out.add(RuleResult.deny(p.deniedSelectors().get(sel), "the execution calls the denied function " + sel
                        + (c.to() == null ? "" : " on " + CalldataRules.label(p, c.to()))));
            }
            switch (c.type()) {
                case "DELEGATECALL", "CALLCODE" -> {
                    if (c.to() == null || !c.to().equals(c.from())) {
                        out.add(RuleResult.deny("delegatecall", c.type() + " from " + CalldataRules.label(p, c.from())
                                + " into " + (c.to() == null ? "?" : CalldataRules.label(p, c.to()))
                                + ": foreign code would run with the caller's storage and balances"));
                    }
                }
                case "CREATE", "CREATE2" -> out.add(RuleResult.deny("contract-creation", "the execution deploys a contract"
                        + (c.from() == null ? "" : " from " + CalldataRules.label(p, c.from()))
                        + "; deployments are never signed through the sandbox"));
                case "SELFDESTRUCT" -> out.add(RuleResult.deny("selfdestruct", "the execution self-destructs "
                        + (c.from() == null ? "a contract" : CalldataRules.label(p, c.from()))));
                default -> { }
            }
            if (c.value().signum() > 0 && c.to() != null && !c.type().startsWith("CREATE") && !known(p, f, c.to())) {
                out.add(RuleResult.deny("value-flow", c.value() + " wei of native coin forwarded to "
                        + c.to() + ", which is neither ours nor in the address book"));
            }
            if (c.depth() > 0 && CalldataRules.permit(sel)) {
                checkNestedPermit(p, f, c, out);
            }
        }
    }

    private static void checkNestedPermit(Policy p, Facts f, CallFrame c, List<RuleResult> out) {
        try {
            DecodedCall d = Abi.tryDecodeCall(CalldataRules.PERMIT_2612, c.inputBytes())
                    .or(() -> Abi.tryDecodeCall(CalldataRules.PERMIT_DAI, c.inputBytes()))
                    .orElse(null);
            if (d == null) {
                out.add(RuleResult.deny("permit", "a permit of an unknown shape runs inside the transaction"));
                return;
            }
            Address owner = d.address(0);
            Address spender = d.address(1);
            if (f.ours().contains(owner) && !p.approvalSpenders().contains(spender)) {
                out.add(RuleResult.deny("permit", "a permit signed by our account grants " + CalldataRules.label(p, spender)
                        + ", which is not an allowed spender"));
            }
        } catch (RuntimeException e) {
            out.add(RuleResult.deny("permit", "a permit inside the transaction does not decode: " + e.getMessage()));
        }
    }

    static boolean known(Policy p, Facts f, Address a) {
        return f.ours().contains(a) || p.addressBook().containsValue(a) || p.allowed().containsKey(a);
    }
}
