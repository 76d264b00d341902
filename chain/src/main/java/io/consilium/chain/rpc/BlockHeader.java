package io.consilium.chain.rpc;

import java.math.BigInteger;

/** The fields of a block header Consilium uses. {@code baseFeePerGas} is null before London. */
public record BlockHeader(long number, String hash, String parentHash, long timestamp, BigInteger baseFeePerGas) {}
