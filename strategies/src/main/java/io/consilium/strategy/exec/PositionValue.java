package io.consilium.strategy.exec;

import java.math.BigInteger;

/** What a position would return if closed now: principal plus uncollected fees, base units. */
public record PositionValue(BigInteger basePrincipal, BigInteger quotePrincipal, BigInteger baseFees, BigInteger quoteFees) {
}
