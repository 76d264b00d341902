package io.consilium.sandbox.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.ChainId;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Signature requests for EIP-712 typed data. A signed Permit is an approval that never appears as a
 * transaction, so it gets the approval rules: only the permit shapes we know (EIP-2612 Permit, Permit2
 * PermitSingle/PermitBatch/PermitTransferFrom), only for listed tokens, only to allowed spenders, never
 * unlimited, on an allowed chain. Any other typed data is denied: deny by default applies to signatures too.
 */
public final class TypedDataRules {
    private TypedDataRules() {}

    public static List<RuleResult> check(Policy p, JsonNode typed, Address signer) {
        List<RuleResult> out = new ArrayList<>();
        String primary = typed.path("primaryType").asText("");
        JsonNode domain = typed.path("domain");
        JsonNode msg = typed.path("message");
        if (domain.hasNonNull("chainId")) {
            long chain = domain.get("chainId").isNumber() ? domain.get("chainId").asLong()
                    : Long.decode(domain.get("chainId").asText());
            if (!p.chains().contains(ChainId.of(chain))) {
                out.add(RuleResult.deny("chain", "typed data for chain " + chain + ", which the policy does not allow"));
            }
        }
        switch (primary) {
            case "Permit" -> {
                Address token = address(domain.path("verifyingContract"));
                if (token == null || !p.tokens().containsKey(token)) {
                    out.add(RuleResult.deny("permit", "a Permit for " + (token == null ? "an unnamed contract" : token)
                            + ", which is not a token the policy lists"));
                }
                if (address(msg.path("owner")) == null || !address(msg.path("owner")).equals(signer)) {
                    out.add(RuleResult.deny("permit", "the Permit's owner is not the signing account"));
                }
                spenderAndAmount(p, address(msg.path("spender")), amount(msg.path("value")), out);
            }
            case "PermitSingle" -> {
                listedToken(p, address(msg.path("details").path("token")), out);
                spenderAndAmount(p, address(msg.path("spender")), amount(msg.path("details").path("amount")), out);
            }
            case "PermitBatch" -> {
                for (JsonNode d : msg.path("details")) {
                    listedToken(p, address(d.path("token")), out);
                    spenderAndAmount(p, address(msg.path("spender")), amount(d.path("amount")), out);
                }
            }
            case "PermitTransferFrom" -> {
                listedToken(p, address(msg.path("permitted").path("token")), out);
                spenderAndAmount(p, address(msg.path("spender")), amount(msg.path("permitted").path("amount")), out);
            }
            default -> out.add(RuleResult.deny("typed-data", "no rule allows signing typed data of type '" + primary + "'"));
        }
        if (out.stream().noneMatch(r -> r.outcome() == RuleResult.Outcome.DENY)) {
            out.add(RuleResult.allow("permit", primary + " to an allowed spender for a bounded amount"));
        }
        return out;
    }

    private static void listedToken(Policy p, Address token, List<RuleResult> out) {
        if (token == null || !p.tokens().containsKey(token)) {
            out.add(RuleResult.deny("permit", "a permit for " + token + ", which is not a token the policy lists"));
        }
    }

    private static void spenderAndAmount(Policy p, Address spender, BigInteger amount, List<RuleResult> out) {
        if (spender == null || !p.approvalSpenders().contains(spender)) {
            out.add(RuleResult.deny("permit", "a permit to " + (spender == null ? "an unreadable spender" : spender.toString())
                    + ", which is not an allowed spender"));
        }
        if (amount == null) {
            out.add(RuleResult.deny("permit", "the permit's amount is unreadable"));
        } else if (amount.compareTo(Policy.UNLIMITED.shiftRight(96)) >= 0 && !p.allowUnlimitedApprovals()) {
            // Permit2 amounts are uint160, so its "unlimited" is 2^160 - 1: anything from 2^159 up counts
            out.add(RuleResult.deny("permit", "an unlimited permit (" + amount + ")"));
        } else if (p.approvalMax() != null && amount.compareTo(p.approvalMax()) > 0) {
            out.add(RuleResult.deny("permit", "permit amount " + amount + " is above approvals.maxAmount"));
        }
    }

    private static Address address(JsonNode n) {
        try {
            return n.isTextual() ? Address.of(n.asText()) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static BigInteger amount(JsonNode n) {
        try {
            if (n.isNumber()) {
                return n.bigIntegerValue();
            }
            String s = n.asText("").trim().toLowerCase(Locale.ROOT);
            return s.startsWith("0x") ? new BigInteger(s.substring(2), 16) : new BigInteger(s);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
