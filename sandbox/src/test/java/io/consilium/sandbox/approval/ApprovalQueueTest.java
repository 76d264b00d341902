package io.consilium.sandbox.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.consilium.sandbox.SandboxUserError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalQueueTest {
    @TempDir
    Path dir;

    @Test
    void approveRejectAndTimeout() {
        AtomicLong now = new AtomicLong(1_000);
        ApprovalQueue q = new ApprovalQueue(dir, now::get);
        Approval a = q.enqueue(JsonNodeFactory.instance.objectNode().put("from", "0x1"), List.of("big"), 12_000, Duration.ofSeconds(60));
        Approval b = q.enqueue(JsonNodeFactory.instance.objectNode(), List.of(), 1, Duration.ofSeconds(60));
        Approval c = q.enqueue(JsonNodeFactory.instance.objectNode(), List.of(), 1, Duration.ofSeconds(60));
        assertEquals(3, q.pending().size());
        assertEquals(Approval.Status.APPROVED, q.approve(a.id(), "alice").status());
        assertThrows(SandboxUserError.class, () -> q.reject(a.id(), "bob"), "a decision is final");
        assertEquals(Approval.Status.REJECTED, q.reject(b.id(), "bob").status());
        now.addAndGet(61_000);
        assertEquals(Approval.Status.EXPIRED, q.get(c.id()).orElseThrow().status());
        assertThrows(SandboxUserError.class, () -> q.approve(c.id(), "late"));
        assertEquals("alice", new ApprovalQueue(dir).get(a.id()).orElseThrow().decidedBy(), "another process sees it");
        assertThrows(SandboxUserError.class, () -> q.approve("../../etc", "x"));
    }
}
