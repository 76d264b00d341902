package io.consilium.sandbox.pipeline;

import io.consilium.chain.rpc.FeeHistory;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.chain.tx.FeeEstimator;
import io.consilium.chain.tx.Fees;
import io.consilium.sandbox.Hex;
import io.consilium.sandbox.TxRequest;
import io.consilium.sandbox.sim.JsonRpc;
import io.consilium.sandbox.sim.JsonRpcError;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills what a request leaves open: nonce (pending count), EIP-1559 fees by the chain module's one rule
 * ({@link FeeEstimator}: median recent tip, cap 2 x next base fee + tip — a fixed tip would overpay on quiet
 * chains and stall on chains whose validators want more) and gas (estimate + 25%). The result is the one
 * transaction that is simulated, checked and signed.
 */
final class TxBuilder {

    private TxBuilder() {}

    static Eip1559Tx build(JsonRpc rpc, TxRequest r, BigInteger maxGas) {
        long nonce = r.nonce() != null ? r.nonce()
                : Hex.big(rpc.call("eth_getTransactionCount", r.from().hex(), "pending").asText()).longValueExact();
        BigInteger tip = r.maxPriorityFeePerGas();
        BigInteger maxFee = r.maxFeePerGas();
        if (tip == null || maxFee == null) {
            FeeHistory h = FeeHistory.parse(rpc.call("eth_feeHistory", Hex.quantity(FeeEstimator.DEFAULT_BLOCKS),
                    "latest", List.of(FeeEstimator.DEFAULT_PERCENTILE)));
            Fees est = FeeEstimator.fromHistory(h, BigInteger.ONE);
            if (tip == null) {
                tip = est.maxPriorityFeePerGas();
            }
            if (maxFee == null) {
                maxFee = h.nextBaseFee().shiftLeft(1).add(tip);
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
