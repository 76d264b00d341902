package io.consilium.strategy.exec;

import java.math.BigInteger;

/** A position closed: principal returned and fees collected, in base units. */
public record BurnFill(long positionId, String pool, BigInteger basePrincipal, BigInteger quotePrincipal,
                       BigInteger baseFees, BigInteger quoteFees) {
}
