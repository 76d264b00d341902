package io.consilium.sandbox.policy;

import io.consilium.chain.abi.Abi;
import io.consilium.chain.abi.DecodedCall;
import io.consilium.chain.domain.Address;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Rules on what the transaction asks for: the allow-list of (contract, function), conditions on the
 * decoded arguments, and approvals/permits requested directly by our account.
 */
final class CalldataRules {
    static final String APPROVE = "approve(address,uint256)";
    static final String INCREASE_ALLOWANCE = "increaseAllowance(address,uint256)";
    static final String SET_APPROVAL_FOR_ALL = "setApprovalForAll(address,bool)";
    static final String PERMIT_2612 = "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)";
    static final String PERMIT_DAI = "permit(address,address,uint256,uint256,bool,uint8,bytes32,bytes32)";
    static final String PERMIT2_SINGLE = "permit(address,((address,uint160,uint48,uint48),address,uint256),bytes)";

    private CalldataRules() {}

    /** Adds results; returns true if the top-level call matched an allow entry (or an allowed approval). */
    static boolean check(Policy p, Facts f, List<RuleResult> out) {
        Address to = f.tx().to();
        if (to == null) {
            out.add(RuleResult.deny("contract-creation", "the transaction creates a contract; the sandbox never signs deployments"));
            return false;
        }
        if (to.isZero()) {
            out.add(RuleResult.deny("zero-address", "the transaction is sent to the zero address"));
            return false;
        }
        byte[] data = f.tx().data();
        if (data.length == 0) {
            if (f.ours().contains(to)) {
                out.add(RuleResult.allow("own-transfer", "native transfer between our own accounts"));
                return true;
            }
            out.add(RuleResult.deny("plain-transfer", "a plain native transfer to " + label(p, to) + ", which no rule allows"));
            return false;
        }
        String selector = Abi.selectorOf(data);
        if (approvalLike(selector)) {
            return checkApproval(p, f, to, data, selector, out);
        }
        List<Policy.AllowedFunction> fns = p.allowed().getOrDefault(to, List.of());
        return checkCall(p, f, to, data, fns, out, 0);
    }

    private static boolean checkCall(Policy p, Facts f, Address to, byte[] data, List<Policy.AllowedFunction> fns,
                                     List<RuleResult> out, int nesting) {
        String selector = Abi.selectorOf(data);
        Optional<Policy.AllowedFunction> match = fns.stream().filter(fn -> fn.selector().equals(selector)).findFirst();
        if (match.isEmpty()) {
            out.add(RuleResult.deny("not-allowed", "no rule allows calling " + selector + " on " + label(p, to)
                    + (nesting > 0 ? " (inside a multicall)" : "")));
            return false;
        }
        Policy.AllowedFunction fn = match.get();
        DecodedCall call;
        try {
            call = Abi.decodeCall(fn.signature(), data);
        } catch (RuntimeException e) {
            out.add(RuleResult.deny(fn.ruleId(), "calldata does not decode as " + fn.signature() + ": " + e.getMessage()));
            return false;
        }
        boolean ok = true;
        if (nesting == 0 && f.tx().value().signum() > 0 && !fn.payable()) {
            out.add(RuleResult.deny(fn.ruleId(), fn.signature() + " is not allowed to carry native value"));
            ok = false;
        }
        if (fn.recipient() != null) {
            Object r = arg(call, fn.recipient());
            if (!(r instanceof Address a) || !(f.ours().contains(a) || p.addressBook().containsValue(a))) {
                out.add(RuleResult.deny(fn.ruleId(), "recipient " + r + " is neither our account nor an address-book entry"));
                ok = false;
            }
        }
        if (fn.minOut() != null && BigInteger.ZERO.equals(arg(call, fn.minOut()))) {
            out.add(RuleResult.deny(fn.ruleId(), "minimum output is 0: the swap accepts any price"));
            ok = false;
        }
        if (fn.deadline() != null && arg(call, fn.deadline()) instanceof BigInteger d) {
            long now = f.now().getEpochSecond();
            if (d.compareTo(BigInteger.valueOf(now)) < 0) {
                out.add(RuleResult.deny(fn.ruleId(), "deadline " + d + " has already passed"));
                ok = false;
            } else if (d.compareTo(BigInteger.valueOf(now + p.maxDeadlineSeconds())) > 0) {
                out.add(RuleResult.deny(fn.ruleId(), "deadline " + d + " is more than " + p.maxDeadlineSeconds()
                        + " s ahead: the transaction could be held and executed much later"));
                ok = false;
            }
        }
        if (fn.amount() != null && fn.maxAmount() != null && arg(call, fn.amount()) instanceof BigInteger amt
                && amt.compareTo(fn.maxAmount()) > 0) {
            out.add(RuleResult.deny(fn.ruleId(), "amount " + amt + " is above the rule's maximum " + fn.maxAmount()));
            ok = false;
        }
        if (fn.multicall()) {
            if (!(call.arg(0) instanceof List<?> inner)) {
                out.add(RuleResult.deny(fn.ruleId(), "multicall argument is not a list of calls"));
                return false;
            }
            for (Object c : inner) {
                ok &= c instanceof byte[] b && checkCall(p, f, to, b, p.allowed().getOrDefault(to, List.of()).stream()
                        .filter(x -> !x.multicall()).toList(), out, nesting + 1);
            }
        }
        if (ok && nesting == 0) {
            out.add(RuleResult.allow(fn.ruleId(), fn.signature() + " on " + label(p, to) + " is allowed"));
        }
        return ok;
    }

    private static boolean checkApproval(Policy p, Facts f, Address token, byte[] data, String selector, List<RuleResult> out) {
        if (selector.equals(Abi.selectorHex(SET_APPROVAL_FOR_ALL))) {
            out.add(RuleResult.deny("approval", "setApprovalForAll hands over every token of the collection; never allowed"));
            return false;
        }
        if (!p.tokens().containsKey(token)) {
            out.add(RuleResult.deny("approval", "approval on " + label(p, token) + ", which is not a token the policy lists"));
            return false;
        }
        try {
            String sig = selector.equals(Abi.selectorHex(APPROVE)) ? APPROVE
                    : selector.equals(Abi.selectorHex(INCREASE_ALLOWANCE)) ? INCREASE_ALLOWANCE : null;
            if (sig == null) {
                out.add(RuleResult.deny("permit", "a permit call on " + label(p, token) + " from our account is not allowed; approve exactly instead"));
                return false;
            }
            DecodedCall c = Abi.decodeCall(sig, data);
            return approvalAmount(p, token, c.address(0), c.uint(1), out);
        } catch (RuntimeException e) {
            out.add(RuleResult.deny("approval", "approval calldata does not decode: " + e.getMessage()));
            return false;
        }
    }

    /** Shared by the calldata check and the allowance read after simulation. */
    static boolean approvalAmount(Policy p, Address token, Address spender, BigInteger amount, List<RuleResult> out) {
        boolean ok = true;
        if (!p.approvalSpenders().contains(spender)) {
            out.add(RuleResult.deny("approval", "approval of " + label(p, token) + " to " + label(p, spender)
                    + ", which is not an allowed spender"));
            ok = false;
        }
        if (amount.compareTo(Policy.UNLIMITED) >= 0 && !p.allowUnlimitedApprovals()) {
            out.add(RuleResult.deny("approval", "unlimited approval of " + label(p, token) + " to " + label(p, spender)
                    + "; approve the exact amount instead"));
            ok = false;
        } else if (p.approvalMax() != null && amount.compareTo(p.approvalMax()) > 0) {
            out.add(RuleResult.deny("approval", "approval of " + amount + " is above approvals.maxAmount " + p.approvalMax()));
            ok = false;
        }
        Policy.TokenLimits lim = p.tokens().get(token);
        if (lim != null && lim.maxPerTx() != null && amount.compareTo(lim.maxPerTx()) > 0 && !p.allowUnlimitedApprovals()) {
            out.add(RuleResult.deny("approval", "approval of " + amount + " exceeds the token's per-transaction cap "
                    + lim.maxPerTx() + ": not an exact amount for one trade"));
            ok = false;
        }
        if (ok) {
            out.add(RuleResult.allow("approval", "exact approval of " + amount + " " + label(p, token) + " to " + label(p, spender)));
        }
        return ok;
    }

    static boolean approvalLike(String selector) {
        return selector.equals(Abi.selectorHex(APPROVE)) || selector.equals(Abi.selectorHex(INCREASE_ALLOWANCE))
                || selector.equals(Abi.selectorHex(SET_APPROVAL_FOR_ALL)) || permit(selector);
    }

    static boolean permit(String selector) {
        return selector.equals(Abi.selectorHex(PERMIT_2612)) || selector.equals(Abi.selectorHex(PERMIT_DAI))
                || selector.equals(Abi.selectorHex(PERMIT2_SINGLE));
    }

    private static Object arg(DecodedCall c, int[] path) {
        Object v = c.args();
        for (int i : path) {
            if (!(v instanceof List<?> l) || i >= l.size()) {
                return null;
            }
            v = l.get(i);
        }
        return v;
    }

    static String label(Policy p, Address a) {
        return p.nameOf(a).map(n -> n + " (" + a + ")").orElse(a.toString());
    }
}
