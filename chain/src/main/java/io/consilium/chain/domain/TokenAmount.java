package io.consilium.chain.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/** An amount of one token in base units (wei for ETH). Never a double. */
public record TokenAmount(Token token, BigInteger units) {
    public TokenAmount {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(units, "units");
    }

    public static TokenAmount of(Token token, BigInteger units) {
        return new TokenAmount(token, units);
    }

    /** Parses a human amount such as "1.5" into base units; more decimals than the token has is an error. */
    public static TokenAmount parse(Token token, String human) {
        BigDecimal d = new BigDecimal(human).movePointRight(token.decimals());
        try {
            return new TokenAmount(token, d.toBigIntegerExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(human + " has more than " + token.decimals()
                    + " decimals for " + token.symbol());
        }
    }

    public TokenAmount plus(TokenAmount o) {
        requireSameToken(o);
        return new TokenAmount(token, units.add(o.units));
    }

    public TokenAmount minus(TokenAmount o) {
        requireSameToken(o);
        return new TokenAmount(token, units.subtract(o.units));
    }

    public int signum() {
        return units.signum();
    }

    /** Decimal form for display only. */
    public BigDecimal toDecimal() {
        return new BigDecimal(units, token.decimals());
    }

    private void requireSameToken(TokenAmount o) {
        if (!token.address().equals(o.token.address())) {
            throw new IllegalArgumentException("token mismatch: " + token.symbol() + " vs " + o.token.symbol());
        }
    }

    @Override
    public String toString() {
        return toDecimal().toPlainString() + " " + token.symbol();
    }
}
