package io.consilium.sandbox.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.domain.Address;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.sandbox.Hex;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Simulates on the node itself, pinned to the head block: {@code debug_traceCall} with the call tracer
 * (frames and logs) and with the prestate tracer in diff mode (the exact post-state), then reads every
 * balance and allowance before (at the block) and after (at the block with the post-state applied as
 * eth_call state overrides). Needs a node with the debug namespace (anvil, geth, reth, erigon).
 */
public final class NodeSimulator implements Simulator {
    private final JsonRpc rpc;

    public NodeSimulator(JsonRpc rpc) {
        this.rpc = rpc;
    }

    @Override
    public long headBlock() {
        try {
            return Hex.big(rpc.call("eth_blockNumber").asText()).longValueExact();
        } catch (RuntimeException e) {
            throw new SimulationFailure("cannot read the head block: " + e.getMessage(), e);
        }
    }

    @Override
    public Simulation simulate(Eip1559Tx tx, Address from, Set<Address> holders) {
        try {
            long block = headBlock();
            String tag = Hex.quantity(block);
            Map<String, Object> call = callObject(tx, from);
            JsonNode trace = rpc.call("debug_traceCall", call, tag,
                    Map.of("tracer", "callTracer", "tracerConfig", Map.of("withLog", true)));
            TraceParser.Parsed parsed = TraceParser.parse(trace);
            if (parsed.topError() != null) {
                return new Simulation("node-trace", block, false, parsed.topError(), parsed.gasUsed(), parsed.calls(),
                        List.of(), List.of());
            }
            JsonNode diff = rpc.call("debug_traceCall", call, tag,
                    Map.of("tracer", "prestateTracer", "tracerConfig", Map.of("diffMode", true)));
            Map<Address, BigInteger> nativeAfter = new HashMap<>();
            Map<String, Object> overrides = overrides(diff, nativeAfter);
            StateView before = new NodeStateView(rpc, tag, null, null);
            StateView after = new NodeStateView(rpc, tag, overrides, nativeAfter);
            List<AssetChange> changes = AssetChangeReader.read(before, after, holders, parsed.calls(), parsed.logs());
            return new Simulation("node-trace", block, true, null, parsed.gasUsed(), parsed.calls(), parsed.logs(), changes);
        } catch (SimulationFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SimulationFailure("on-node simulation failed: " + e.getMessage(), e);
        }
    }

    static Map<String, Object> callObject(Eip1559Tx tx, Address from) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("from", from.hex());
        if (tx.to() != null) {
            call.put("to", tx.to().hex());
        }
        call.put("value", Hex.quantity(tx.value()));
        call.put("input", Hex.data(tx.data()));
        call.put("gas", Hex.quantity(tx.gasLimit()));
        call.put("nonce", Hex.quantity(tx.nonce()));
        // Fees are left out on purpose: asset changes then show value flows only; gas is capped separately.
        return call;
    }

    /** Turns a prestate diff into eth_call overrides: changed storage (cleared slots as zero), balance, nonce, code. */
    private static Map<String, Object> overrides(JsonNode diff, Map<Address, BigInteger> nativeAfter) {
        if (diff == null || !diff.has("post") || !diff.has("pre")) {
            throw new SimulationFailure("prestate tracer (diff mode) returned no diff");
        }
        JsonNode pre = diff.get("pre");
        JsonNode post = diff.get("post");
        Map<String, Object> out = new LinkedHashMap<>();
        Set<String> accounts = new java.util.TreeSet<>();
        pre.fieldNames().forEachRemaining(accounts::add);
        post.fieldNames().forEachRemaining(accounts::add);
        for (String acct : accounts) {
            JsonNode p = pre.path(acct);
            JsonNode q = post.path(acct);
            Map<String, Object> o = new LinkedHashMap<>();
            Map<String, String> storage = new LinkedHashMap<>();
            if (p.has("storage")) {
                for (Iterator<String> it = p.get("storage").fieldNames(); it.hasNext(); ) {
                    storage.put(it.next(), Hex.word(BigInteger.ZERO));
                }
            }
            if (q.has("storage")) {
                q.get("storage").fields().forEachRemaining(e -> storage.put(e.getKey(), e.getValue().asText()));
            }
            if (!storage.isEmpty()) {
                o.put("stateDiff", storage);
            }
            if (q.hasNonNull("balance")) {
                o.put("balance", q.get("balance").asText());
                nativeAfter.put(Address.of(acct), Hex.big(q.get("balance").asText()));
            }
            if (q.hasNonNull("code")) {
                o.put("code", q.get("code").asText());
            }
            if (!o.isEmpty()) {
                out.put(acct, o);
            }
        }
        return out;
    }
}
