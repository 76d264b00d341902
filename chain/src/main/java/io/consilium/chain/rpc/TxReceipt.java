package io.consilium.chain.rpc;

import java.math.BigInteger;
import java.util.List;

/** A mined transaction's receipt; {@code success} is status == 1. */
public record TxReceipt(String transactionHash, boolean success, long blockNumber, String blockHash,
                        BigInteger gasUsed, BigInteger effectiveGasPrice, io.consilium.chain.domain.Address contractAddress,
                        List<LogEntry> logs) {
    public TxReceipt {
        logs = List.copyOf(logs);
    }
}
