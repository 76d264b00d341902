package io.consilium.sandbox.approval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One request waiting for (or decided by) a person. Times are epoch milliseconds. */
public record Approval(String id, Status status, long createdAt, long expiresAt, String decidedBy, long decidedAt,
                       JsonNode request, List<String> reasons, double usd) {
    public enum Status { PENDING, APPROVED, REJECTED, EXPIRED }

    Approval with(Status s, String by, long at) {
        return new Approval(id, s, createdAt, expiresAt, by, at, request, reasons, usd);
    }
}
