package io.consilium.sandbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consilium.sandbox.journal.JournalEntry;
import java.util.ArrayList;
import java.util.List;

/** One journal record as one human-readable line, or as one JSON line. */
final class AuditFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditFormat() {}

    static String json(JournalEntry e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", e.index());
        o.put("time", e.time().toString());
        o.put("type", e.type());
        o.set("record", e.payload());
        return o.toString();
    }

    static String line(JournalEntry e) {
        return String.format("%d  %s  %-22s %s", e.index(), e.time(), e.type(), summary(e.type(), e.payload()));
    }

    private static String summary(String type, JsonNode p) {
        String req = p.path("requestId").asText("");
        String shortReq = req.length() > 8 ? req.substring(0, 8) : req;
        return switch (type) {
            case "sandbox.request" -> shortReq + " " + p.path("mode").asText() + " " + p.path("request").path("from").asText()
                    + " -> " + p.path("request").path("to").asText("(create)") + " value " + p.path("request").path("value").asText()
                    + " data " + abbreviate(p.path("request").path("data").asText(), 10);
            case "sandbox.simulation" -> shortReq + " block " + p.path("simulation").path("blockNumber").asText()
                    + (p.path("simulation").path("success").asBoolean() ? " ok" : " REVERTS: " + p.path("simulation").path("revertReason").asText())
                    + ", " + p.path("simulation").path("assetChanges").size() + " asset changes";
            case "sandbox.verdict" -> shortReq + " " + p.path("decision").asText().toUpperCase() + " " + reasons(p.path("reasons"));
            case "sandbox.signed", "sandbox.sent" -> shortReq + " tx " + p.path("txHash").asText();
            case "sandbox.receipt" -> shortReq + " tx " + p.path("txHash").asText() + " " + p.path("status").asText()
                    + " block " + p.path("blockNumber").asText("?");
            case "sandbox.reconciliation" -> shortReq + (p.path("reconciliation").path("matches").asBoolean()
                    ? " actual = simulated" : " DIFFERS: " + p.path("reconciliation").path("differences"));
            case "sandbox.send-failed" -> shortReq + " " + p.path("error").asText();
            default -> abbreviate(p.toString(), 160);
        };
    }

    private static String reasons(JsonNode rs) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : rs) {
            if (!r.path("outcome").asText().equals("allow")) {
                out.add(r.path("id").asText() + ": " + r.path("message").asText());
            }
        }
        if (out.isEmpty()) {
            for (JsonNode r : rs) {
                out.add(r.path("id").asText());
            }
        }
        return String.join("; ", out);
    }

    private static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n) + "…";
    }
}
