package io.consilium.sandbox.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.domain.Address;
import io.consilium.sandbox.Hex;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads at a pinned block, optionally with eth_call state overrides (the simulated post-state). */
final class NodeStateView implements StateView {
    private final JsonRpc rpc;
    private final String tag;
    private final Map<String, Object> overrides;
    private final Map<Address, BigInteger> nativeOverrides;

    NodeStateView(JsonRpc rpc, String tag, Map<String, Object> overrides, Map<Address, BigInteger> nativeOverrides) {
        this.rpc = rpc;
        this.tag = tag;
        this.overrides = overrides;
        this.nativeOverrides = nativeOverrides;
    }

    @Override
    public Optional<BigInteger> callUint(Address to, byte[] data) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("to", to.hex());
        call.put("data", Hex.data(data));
        try {
            JsonNode r = overrides == null ? rpc.call("eth_call", call, tag) : rpc.call("eth_call", call, tag, overrides);
            return AssetChangeReader.uintResult(r == null ? "0x" : r.asText());
        } catch (JsonRpcError e) {
            if (e.isRevert()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public BigInteger nativeBalance(Address account) {
        if (nativeOverrides != null && nativeOverrides.containsKey(account)) {
            return nativeOverrides.get(account);
        }
        return Hex.big(rpc.call("eth_getBalance", account.hex(), tag).asText());
    }
}
