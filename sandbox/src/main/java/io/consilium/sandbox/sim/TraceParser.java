package io.consilium.sandbox.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.domain.Address;
import io.consilium.sandbox.Hex;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Flattens a callTracer result ({@code withLog: true}) into frames and the logs that were kept. */
final class TraceParser {
    record Parsed(List<CallFrame> calls, List<SimLog> logs, String topError, BigInteger gasUsed) {}

    private TraceParser() {}

    static Parsed parse(JsonNode root) {
        if (root == null || !root.isObject() || !root.hasNonNull("type")) {
            throw new SimulationFailure("call tracer returned no trace");
        }
        List<CallFrame> calls = new ArrayList<>();
        List<SimLog> logs = new ArrayList<>();
        walk(root, 0, false, calls, logs);
        String err = root.hasNonNull("error") ? root.get("error").asText() : null;
        if (err != null && root.hasNonNull("revertReason")) {
            err = err + ": " + root.get("revertReason").asText();
        }
        return new Parsed(calls, logs, err, Hex.big(text(root, "gasUsed")));
    }

    private static void walk(JsonNode f, int depth, boolean reverted, List<CallFrame> calls, List<SimLog> logs) {
        String type = text(f, "type").toUpperCase(Locale.ROOT);
        boolean failed = reverted || f.hasNonNull("error");
        calls.add(new CallFrame(depth, type, addr(f, "from"), addr(f, "to"), Hex.big(text(f, "value")),
                f.hasNonNull("input") ? f.get("input").asText() : "0x", f.hasNonNull("error") ? f.get("error").asText() : null));
        // Logs of a reverted frame were rolled back with it: they never happened on chain.
        if (!failed && f.has("logs")) {
            for (JsonNode l : f.get("logs")) {
                List<String> topics = new ArrayList<>();
                if (l.has("topics")) {
                    l.get("topics").forEach(t -> topics.add(t.asText().toLowerCase(Locale.ROOT)));
                }
                logs.add(new SimLog(Address.of(l.get("address").asText()), topics, text(l, "data")));
            }
        }
        if (f.has("calls")) {
            for (JsonNode c : f.get("calls")) {
                walk(c, depth + 1, failed, calls, logs);
            }
        }
    }

    private static String text(JsonNode n, String k) {
        return n.hasNonNull(k) ? n.get(k).asText() : "0x";
    }

    private static Address addr(JsonNode n, String k) {
        return n.hasNonNull(k) && !n.get(k).asText().isEmpty() ? Address.of(n.get(k).asText()) : null;
    }
}
