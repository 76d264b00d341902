package io.consilium.sandbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.sandbox.Hex;
import io.consilium.sandbox.TxRequest;
import io.consilium.sandbox.sim.JsonRpc;
import io.consilium.sandbox.sim.JsonRpcError;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fills what a request leaves open: nonce (pending count), EIP-1559 fees (2 x base fee + tip) and gas
 * (estimate + 25%). The result is the one transaction that is simulated, checked and signed.
 */
final class TxBuilder {
    static final BigInteger DEFAULT_TIP = BigInteger.valueOf(1_000_000_000L);

    private TxBuilder() {}

    static Eip1559Tx build(JsonRpc rpc, TxRequest r, BigInteger maxGas) {
        long nonce = r.nonce() != null ? r.nonce()
                : Hex.big(rpc.call("eth_getTransactionCount", r.from().hex(), "pending").asText()).longValueExact();
        BigInteger tip = r.maxPriorityFeePerGas();
        BigInteger maxFee = r.maxFeePerGas();
        if (tip == null || maxFee == null) {
            JsonNode head = rpc.call("eth_getBlockByNumber", "latest", false);
            BigInteger base = Hex.big(head.path("baseFeePerGas").asText("0x0"));
            if (tip == null) {
                tip = DEFAULT_TIP;
            }
            if (maxFee == null) {
                maxFee = base.shiftLeft(1).add(tip);
            }
        }
        if (tip.compareTo(maxFee) > 0) {
            tip = maxFee;
        }
        BigInteger gas = r.gas();
        if (gas == null) {
            Map<String, Object> call = new LinkedHashMap<>();
            call.put("from", r.from().hex());
            if (r.to() != null) {
                call.put("to", r.to().hex());
            }
            call.put("value", Hex.quantity(r.value()));
            call.put("input", Hex.data(r.data()));
            try {
                BigInteger est = Hex.big(rpc.call("eth_estimateGas", call).asText());
                gas = est.multiply(BigInteger.valueOf(125)).divide(BigInteger.valueOf(100));
            } catch (JsonRpcError e) {
                if (!e.isRevert()) {
                    throw e;
                }
                // It reverts: simulate with the most gas the policy allows, so the trace shows why.
                gas = maxGas != null ? maxGas : BigInteger.valueOf(3_000_000);
            }
        }
        return new Eip1559Tx(r.chainId(), nonce, tip, maxFee, gas, r.to(), r.value(), r.data());
    }
}
