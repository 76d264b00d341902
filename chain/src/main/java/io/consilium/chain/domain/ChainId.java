package io.consilium.chain.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** An EIP-155 chain id. */
public record ChainId(long value) {
    public static final ChainId MAINNET = new ChainId(1);
    public static final ChainId ANVIL = new ChainId(31337);

    public ChainId {
        if (value <= 0) {
            throw new IllegalArgumentException("chain id must be positive: " + value);
        }
    }

    @JsonCreator
    public static ChainId of(long value) {
        return new ChainId(value);
    }

    @JsonValue
    public long value() {
        return value;
    }
}
