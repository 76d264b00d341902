package io.consilium.chain.domain;

import java.util.Objects;

/** An ERC-20 token (or the native coin, with {@link Address#ZERO}) and its decimals. */
public record Token(Address address, String symbol, int decimals) {
    public Token {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(symbol, "symbol");
        if (decimals < 0 || decimals > 77) {
            throw new IllegalArgumentException("decimals out of range: " + decimals);
        }
    }

    public boolean isNative() {
        return address.isZero();
    }
}
