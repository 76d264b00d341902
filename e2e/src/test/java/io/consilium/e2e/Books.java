package io.consilium.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.agents.bus.Addresses;
import io.consilium.agents.bus.BusCodecs;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.sandbox.journal.JournalEntry;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a daemon's journal says it did on chain: the fills it booked (token deltas per symbol, each
 * order once) and, from the sandbox's signed-transaction records, how many of its transactions the
 * chain holds. Asserts on the way that no sandbox request (order step) was mined twice and no order
 * was filled by two different transactions.
 */
record Books(Map<String, BigInteger> booked, int ordersFilled, int txsMined) {

    static Books of(List<JournalEntry> all, ChainClient chain) throws Exception {
        ObjectMapper json = BusCodecs.json();
        Map<String, String> requestToTxId = new HashMap<>();
        Map<String, Integer> minedPerRequest = new HashMap<>();
        Map<String, ExecutionResult> finals = new LinkedHashMap<>();
        for (JournalEntry e : all) {
            switch (e.type()) {
                case "sandbox.request" -> requestToTxId.put(e.payload().path("requestId").asText(),
                        e.payload().path("request").path("id").asText());
                case "sandbox.signed" -> {
                    if (chain.receipt(e.payload().path("txHash").asText()).isPresent()) {
                        minedPerRequest.merge(requestToTxId.get(e.payload().path("requestId").asText()), 1, Integer::sum);
                    }
                }
                case "bus." + Addresses.EXECUTOR_RESULT -> {
                    ExecutionResult r = json.treeToValue(e.payload(), ExecutionResult.class);
                    if (r.status() == ExecutionResult.Status.REORGED) {
                        // a reorg took the order's result back: its next final result counts instead
                        finals.remove(r.orderId() + "|" + ExecutionResult.Status.FILLED);
                        finals.remove(r.orderId() + "|" + ExecutionResult.Status.REVERTED);
                    } else if (r.status() != ExecutionResult.Status.SENT) {
                        finals.putIfAbsent(r.orderId() + "|" + r.status(), r);
                    }
                }
                default -> { }
            }
        }
        minedPerRequest.forEach((id, n) -> assertEquals(1, n, "transaction " + id + " mined " + n + " times"));
        Map<String, BigInteger> booked = new HashMap<>();
        Map<String, ExecutionResult> filled = new HashMap<>();
        for (ExecutionResult r : finals.values()) {
            if (r.status() == ExecutionResult.Status.FILLED) {
                ExecutionResult prev = filled.put(r.orderId(), r);
                assertTrue(prev == null || prev.txHash().equals(r.txHash()), "order " + r.orderId() + " filled by two txs");
                if (prev == null) {
                    r.deltas().forEach((k, v) -> booked.merge(k, v, BigInteger::add));
                }
            }
        }
        return new Books(booked, filled.size(), minedPerRequest.size());
    }

    BigInteger of(String symbol) {
        return booked.getOrDefault(symbol, BigInteger.ZERO);
    }
}
