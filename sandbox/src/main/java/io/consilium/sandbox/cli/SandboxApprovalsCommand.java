package io.consilium.sandbox.cli;

import io.consilium.sandbox.SandboxUserError;
import io.consilium.sandbox.approval.Approval;
import io.consilium.sandbox.approval.ApprovalQueue;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `consilium sandbox approvals [approve|reject ID]`: the human-approval queue. */
@Command(name = "approvals", mixinStandardHelpOptions = true,
        description = {"List requests waiting for a person's approval, or approve/reject one.",
                "An approved request is sent by `consilium sandbox submit --approval ID ...` (it is simulated and checked again)."})
public final class SandboxApprovalsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "approve|reject|list", description = "What to do (default: list).")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "The approval id.")
    String id;

    @Option(names = "--approvals", defaultValue = ".consilium/approvals", paramLabel = "DIR", description = "Queue directory.")
    Path dir;

    @Option(names = "--all", description = "List decided and expired requests too.")
    boolean all;

    @Override
    public Integer call() {
        ApprovalQueue q = new ApprovalQueue(dir);
        PrintWriter out = spec.commandLine().getOut();
        String by = "cli:" + System.getProperty("user.name", "unknown");
        String a = action == null ? "list" : action;
        switch (a) {
            case "list" -> {
                List<Approval> items = all ? q.list() : q.pending();
                if (items.isEmpty()) {
                    out.println(all ? "no approval requests" : "no pending approval requests");
                }
                for (Approval x : items) {
                    out.printf("%s  %-8s  %10.2f USD  expires %s  %s -> %s%n", x.id(), x.status().name().toLowerCase(), x.usd(),
                            Instant.ofEpochMilli(x.expiresAt()), x.request().path("from").asText(), x.request().path("to").asText("(create)"));
                }
                return 0;
            }
            case "approve", "reject" -> {
                if (id == null) {
                    throw new SandboxUserError("sandbox approvals " + a + " needs an ID (see `consilium sandbox approvals`)");
                }
                Approval d = a.equals("approve") ? q.approve(id, by) : q.reject(id, by);
                out.println(d.id() + " " + d.status().name().toLowerCase());
                return 0;
            }
            default -> throw new SandboxUserError("unknown action '" + a + "': use list, approve ID or reject ID");
        }
    }
}
