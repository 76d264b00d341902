package io.consilium.sandbox.policy;

import java.util.List;
import java.util.Map;

/**
 * The policy YAML as written (before names are resolved). Every key is optional except where noted;
 * whatever is not allowed is denied. Amounts in {@code tokens} are human units of that token; gas fees
 * are in wei. See config/policies/default.yaml for an annotated example.
 */
public record PolicyConfig(
        Integer version,
        List<Long> chains,
        List<String> ownAccounts,
        Map<String, String> addressBook,
        List<Allow> allow,
        List<Deny> deny,
        Approvals approvals,
        List<TokenRule> tokens,
        Usd usd,
        Slippage slippage,
        Deadline deadline,
        Gas gas,
        RateLimit rateLimit,
        KillSwitch killSwitch,
        HumanApproval humanApproval) {

    /** Calls to {@code contract} (a 0x address or an address-book name) allowed for these functions. */
    public record Allow(String id, String contract, List<Function> functions) {}

    /**
     * One allowed function. Argument references are 0-based indices, with dots into tuples ("0.3").
     * {@code recipient}: must be one of our accounts or an address-book entry; {@code minOut}: must be
     * non-zero; {@code deadline}: must lie between now and now + deadline.maxSeconds; {@code amount} at
     * most {@code maxAmount} (base units); {@code payable}: may carry native value; {@code multicall}:
     * the single bytes[] argument holds calls to the same contract, each checked against these rules.
     */
    public record Function(String signature, String recipient, String minOut, String deadline, String amount,
                           String maxAmount, Boolean payable, Boolean multicall) {}

    /** Denied contracts and selectors (anywhere in the call tree); a matching deny beats any allow. */
    public record Deny(String id, List<String> contracts, List<String> selectors, String reason) {}

    /** Approvals (approve/increaseAllowance/permit) only to these spenders, never unlimited unless allowed. */
    public record Approvals(List<String> spenders, String maxAmount, Boolean allowUnlimited) {}

    /** A token we may hold and trade; {@code token} is an address, a name, or "native". Caps in human units. */
    public record TokenRule(String token, Integer decimals, String maxPerTx, String maxPerWindow, Double usdPrice) {}

    public record Usd(Double maxPerTx, Double maxPerWindow, Long windowSeconds) {}

    public record Slippage(Integer maxBps) {}

    public record Deadline(Long maxSeconds) {}

    public record Gas(String maxGas, String maxFeePerGas, String maxPriorityFeePerGas) {}

    public record RateLimit(Integer maxRequests, Long perSeconds, Long replayWindowSeconds) {}

    public record KillSwitch(String file) {}

    public record HumanApproval(Double aboveUsd, Long timeoutSeconds) {}
}
