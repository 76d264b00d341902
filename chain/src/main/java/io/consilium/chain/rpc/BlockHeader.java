package io.consilium.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;

/** The fields of a block header Consilium uses. {@code baseFeePerGas} is null before London. */
public record BlockHeader(long number, String hash, String parentHash, long timestamp, BigInteger baseFeePerGas) {
    /** From an eth_getBlockByNumber/eth_getBlockByHash result object (e.g. one that came back in a batch). */
    public static BlockHeader fromJson(JsonNode block) {
        return Json.header(block);
    }
}
