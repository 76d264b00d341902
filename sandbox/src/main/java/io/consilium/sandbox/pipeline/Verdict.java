package io.consilium.sandbox.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.consilium.sandbox.policy.RuleResult;
import io.consilium.sandbox.sim.AssetChange;
import java.util.List;
import java.util.Locale;

/**
 * The sandbox's answer to one request. {@code decision}: allow, deny or pending. {@code reasons}: one
 * entry per rule that matched. {@code assetChanges}: simulated, read before/after. When sent (live):
 * {@code txHash}, the receipt status and block, and the reconciliation of actual against simulated.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verdict(String requestId, Mode mode, Decision decision, List<Reason> reasons, List<AssetChange> assetChanges,
                      Long simulatedBlock, String txHash, String receiptStatus, Long receiptBlock, String approvalId,
                      String error, Reconciliation reconciliation) {
    public enum Decision {
        ALLOW, DENY, PENDING;

        @com.fasterxml.jackson.annotation.JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A matched rule as the verdict shows it. */
    public record Reason(String id, String outcome, String message) {
        static Reason of(RuleResult r) {
            return new Reason(r.id(), r.outcome().name().toLowerCase(Locale.ROOT), r.message());
        }
    }

    public Verdict {
        reasons = List.copyOf(reasons);
        assetChanges = assetChanges == null ? List.of() : List.copyOf(assetChanges);
    }

    @JsonProperty("mode")
    String modeJson() {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    /** CLI exit status: 0 allow, 3 deny, 4 pending, 1 when an allowed transaction failed to send or mine. */
    public int exitCode() {
        if (error != null && decision == Decision.ALLOW) {
            return 1;
        }
        return switch (decision) {
            case ALLOW -> 0;
            case DENY -> 3;
            case PENDING -> 4;
        };
    }

    Verdict withSend(String hash, String status, Long block, String err, Reconciliation rec) {
        return new Verdict(requestId, mode, decision, reasons, assetChanges, simulatedBlock, hash, status, block,
                approvalId, err, rec);
    }
}
