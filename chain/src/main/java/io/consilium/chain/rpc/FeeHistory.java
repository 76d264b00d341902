package io.consilium.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.List;

/**
 * eth_feeHistory: base fees of the requested blocks plus the next one, and for each block the
 * priority-fee rewards at the requested percentiles.
 */
public record FeeHistory(long oldestBlock, List<BigInteger> baseFeePerGas, List<List<BigInteger>> reward,
                         List<Double> gasUsedRatio) {
    public FeeHistory {
        baseFeePerGas = List.copyOf(baseFeePerGas);
        reward = reward.stream().map(List::copyOf).toList();
        gasUsedRatio = List.copyOf(gasUsedRatio);
    }

    /** Parses an {@code eth_feeHistory} result (for callers that speak JSON-RPC without a {@link ChainClient}). */
    public static FeeHistory parse(JsonNode result) {
        return Json.feeHistory(result);
    }

    /** The base fee the node predicts for the next block. */
    public BigInteger nextBaseFee() {
        return baseFeePerGas.isEmpty() ? BigInteger.ZERO : baseFeePerGas.getLast();
    }
}
