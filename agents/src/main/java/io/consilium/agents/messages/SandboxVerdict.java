package io.consilium.agents.messages;

import java.util.List;

/** The sandbox's answer to one order: allow, deny or pending (human approval), with one reason per matched rule. */
public record SandboxVerdict(int version, String orderId, String strategy, Decision decision, List<String> reasons,
                             List<AssetChange> assetChanges, String approvalId, long tickObservedAtNanos,
                             long decidedAtNanos) implements BusMessage {
    public static final int VERSION = 1;

    public enum Decision { ALLOW, DENY, PENDING }

    /** One simulated balance change as decimal strings of base units (as the sandbox reports them). */
    public record AssetChange(String token, String holder, String before, String after, String delta) {
    }

    public SandboxVerdict {
        reasons = List.copyOf(reasons);
        assetChanges = List.copyOf(assetChanges);
    }
}
