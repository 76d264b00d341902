package io.consilium.chain.tx;

import io.consilium.chain.domain.Address;
import java.math.BigInteger;

/** What to send; the sender fills nonce, fees and (if {@code gasLimit} is null) gas. {@code to} null = deploy. */
public record TxRequest(Address to, BigInteger value, byte[] data, BigInteger gasLimit) {
    public TxRequest {
        value = value == null ? BigInteger.ZERO : value;
        data = data == null ? new byte[0] : data.clone();
    }

    public static TxRequest call(Address to, byte[] data) {
        return new TxRequest(to, BigInteger.ZERO, data, null);
    }

    public static TxRequest transfer(Address to, BigInteger wei) {
        return new TxRequest(to, wei, new byte[0], BigInteger.valueOf(21_000));
    }

    @Override
    public byte[] data() {
        return data.clone();
    }
}
