package io.consilium.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.domain.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Converts JSON-RPC result objects into this package's records; the one place raw RPC JSON is read. */
final class Json {
    private Json() {}

    static TxReceipt receipt(JsonNode r) {
        List<LogEntry> logs = new ArrayList<>();
        for (JsonNode l : r.path("logs")) {
            List<byte[]> topics = new ArrayList<>();
            for (JsonNode t : l.path("topics")) {
                topics.add(Hex.bytes(t.asText()));
            }
            logs.add(new LogEntry(Address.of(l.get("address").asText()), topics, Hex.bytes(l.path("data").asText("0x")),
                    (int) Hex.toLong(l.path("logIndex").asText("0x0"))));
        }
        JsonNode ca = r.get("contractAddress");
        Address contract = ca == null || ca.isNull() ? null : Address.of(ca.asText());
        JsonNode price = r.get("effectiveGasPrice");
        return new TxReceipt(r.get("transactionHash").asText(), Hex.toLong(r.path("status").asText("0x1")) == 1,
                Hex.toLong(r.get("blockNumber").asText()), r.get("blockHash").asText(),
                Hex.toBigInteger(r.get("gasUsed").asText()),
                price == null || price.isNull() ? BigInteger.ZERO : Hex.toBigInteger(price.asText()), contract, logs);
    }

    static BlockHeader header(JsonNode b) {
        JsonNode fee = b.get("baseFeePerGas");
        return new BlockHeader(Hex.toLong(b.get("number").asText()), b.get("hash").asText(), b.get("parentHash").asText(),
                Hex.toLong(b.get("timestamp").asText()), fee == null || fee.isNull() ? null : Hex.toBigInteger(fee.asText()));
    }

    static FeeHistory feeHistory(JsonNode h) {
        List<BigInteger> base = new ArrayList<>();
        for (JsonNode n : h.path("baseFeePerGas")) {
            base.add(Hex.toBigInteger(n.asText()));
        }
        List<List<BigInteger>> rewards = new ArrayList<>();
        for (JsonNode row : h.path("reward")) {
            List<BigInteger> r = new ArrayList<>();
            for (JsonNode n : row) {
                r.add(Hex.toBigInteger(n.asText()));
            }
            rewards.add(r);
        }
        List<Double> ratios = new ArrayList<>();
        for (JsonNode n : h.path("gasUsedRatio")) {
            ratios.add(n.asDouble());
        }
        return new FeeHistory(Hex.toLong(h.get("oldestBlock").asText()), base, rewards, ratios);
    }
}
