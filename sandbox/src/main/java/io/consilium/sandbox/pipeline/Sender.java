package io.consilium.sandbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.chain.tx.SignedTx;
import io.consilium.chain.wallet.Signer;
import io.consilium.sandbox.Hex;
import io.consilium.sandbox.TxRequest;
import io.consilium.sandbox.policy.PolicyEngine;
import io.consilium.sandbox.sim.AssetChange;
import io.consilium.sandbox.sim.JsonRpc;
import io.consilium.sandbox.sim.Simulation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The live tail of the pipeline: sign exactly the simulated tx, send, wait for the receipt, reconcile. */
final class Sender {
    /** receiptStatus when the node refused the raw transaction: it was never broadcast. */
    static final String REFUSED = "refused";

    private Sender() {}

    static Verdict signSendConfirm(Sandbox sb, Verdict v, TxRequest request, Eip1559Tx tx, Simulation sim,
                                   PolicyEngine.Decision d, String replayKey) {
        Optional<Signer> signer = sb.signerFor(request.from());
        if (signer.isEmpty()) {
            sb.releaseBudget(d, replayKey, v.requestId());
            String err = "no signer for " + request.from() + " (pass --keystore DIR --account ADDR)";
            sb.journal().append("sandbox.send-failed", Map.of("requestId", v.requestId(), "error", err));
            return v.withSend(null, null, null, err, null);
        }
        SignedTx signed;
        try {
            signed = signer.get().sign(tx); // the very Eip1559Tx object that was simulated and checked
        } catch (RuntimeException e) {
            sb.releaseBudget(d, replayKey, v.requestId());
            String err = "signing failed: " + e.getClass().getSimpleName();
            sb.journal().append("sandbox.send-failed", Map.of("requestId", v.requestId(), "error", err));
            return v.withSend(null, null, null, err, null);
        }
        sb.journal().append("sandbox.signed", Map.of("requestId", v.requestId(), "txHash", signed.hash(),
                "nonce", tx.nonce(), "from", request.from().toString()));
        JsonRpc rpc = sb.rpc();
        try {
            JsonNode h = rpc.call("eth_sendRawTransaction", signed.rawHex());
            sb.journal().append("sandbox.sent", Map.of("requestId", v.requestId(), "txHash", h.asText()));
        } catch (RuntimeException e) {
            sb.releaseBudget(d, replayKey, v.requestId());
            String err = "send failed: " + e.getMessage();
            sb.journal().append("sandbox.send-failed", Map.of("requestId", v.requestId(), "txHash", signed.hash(), "error", err));
            // a node's refusal means it was never broadcast; a transport fault leaves that unknown
            if (!(e instanceof io.consilium.sandbox.sim.JsonRpcError)) {
                sb.keepUnconfirmed(signed.hash(), signed.rawHex());
            }
            return v.withSend(signed.hash(), e instanceof io.consilium.sandbox.sim.JsonRpcError ? REFUSED : null, null, err, null);
        }
        JsonNode receipt = awaitReceipt(rpc, signed.hash(), sb.confirmTimeout().toMillis());
        if (receipt == null) {
            sb.keepUnconfirmed(signed.hash(), signed.rawHex());
            String err = "no receipt within " + sb.confirmTimeout().toSeconds() + " s (the transaction may still be mined; track it by hash)";
            sb.journal().append("sandbox.receipt", Map.of("requestId", v.requestId(), "txHash", signed.hash(), "status", "unknown"));
            return v.withSend(signed.hash(), "unknown", null, err, null);
        }
        boolean ok = Hex.big(receipt.path("status").asText("0x0")).signum() == 1;
        long block = Hex.big(receipt.path("blockNumber").asText()).longValueExact();
        BigInteger gasCost = Hex.big(receipt.path("gasUsed").asText()).multiply(Hex.big(receipt.path("effectiveGasPrice").asText("0x0")));
        sb.journal().append("sandbox.receipt", Map.of("requestId", v.requestId(), "txHash", signed.hash(),
                "status", ok ? "success" : "reverted", "blockNumber", block, "gasCost", gasCost.toString()));
        Reconciliation rec = reconcile(rpc, sim, block, request.from(), gasCost);
        sb.journal().append("sandbox.reconciliation", Map.of("requestId", v.requestId(), "txHash", signed.hash(), "reconciliation", rec));
        return v.withSend(signed.hash(), ok ? "success" : "reverted", block, ok ? null : "the transaction reverted on chain", rec);
    }

    private static JsonNode awaitReceipt(JsonRpc rpc, String hash, long timeoutMillis) {
        long end = System.currentTimeMillis() + timeoutMillis;
        long sleep = 10;
        while (true) {
            try {
                JsonNode r = Sandbox.receiptOrNull(rpc, hash);
                if (r != null) {
                    return r;
                }
            } catch (RuntimeException e) {
                // transient: keep polling until the deadline
            }
            if (System.currentTimeMillis() > end) {
                return null;
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            // Capped low: a receipt seen up to half a second late was most of a block on a 1-s chain, and one
            // receipt read costs a millisecond on a local node.
            sleep = Math.min(sleep * 2, 100);
        }
    }

    /**
     * Re-reads every simulated balance change at the receipt's block and the one before. Other
     * transactions in the same block can make these differ; that is reported, not hidden.
     */
    static Reconciliation reconcile(JsonRpc rpc, Simulation sim, long block, Address sender, BigInteger gasCost) {
        List<Reconciliation.Difference> diffs = new ArrayList<>();
        for (AssetChange c : sim.balances()) {
            BigInteger before = read(rpc, c.token(), c.holder(), block - 1);
            BigInteger after = read(rpc, c.token(), c.holder(), block);
            BigInteger actual = after.subtract(before);
            if (c.isNative() && c.holder().equals(sender)) {
                actual = actual.add(gasCost); // the simulation leaves gas out
            }
            if (!actual.equals(c.deltaValue())) {
                diffs.add(new Reconciliation.Difference(c.isNative() ? "native" : c.token().toString(), c.holder(),
                        c.deltaValue().toString(), actual.toString()));
            }
        }
        return new Reconciliation(diffs.isEmpty(), diffs);
    }

    private static BigInteger read(JsonRpc rpc, Address token, Address holder, long block) {
        String tag = Hex.quantity(block);
        if (token.isZero()) {
            return Hex.big(rpc.call("eth_getBalance", holder.hex(), tag).asText());
        }
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("to", token.hex());
        call.put("data", Hex.data(Abi.encodeCall("balanceOf(address)", holder)));
        return Hex.big(rpc.call("eth_call", call, tag).asText());
    }
}
