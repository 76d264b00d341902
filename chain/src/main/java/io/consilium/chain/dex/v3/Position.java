package io.consilium.chain.dex.v3;

import java.math.BigInteger;

/** A liquidity position's state (Position.Info): liquidity, fee growth last seen inside, tokens owed. */
public final class Position {
    BigInteger liquidity = BigInteger.ZERO;
    BigInteger feeGrowthInside0LastX128 = BigInteger.ZERO;
    BigInteger feeGrowthInside1LastX128 = BigInteger.ZERO;
    BigInteger tokensOwed0 = BigInteger.ZERO;
    BigInteger tokensOwed1 = BigInteger.ZERO;

    public BigInteger liquidity() {
        return liquidity;
    }

    public BigInteger tokensOwed0() {
        return tokensOwed0;
    }

    public BigInteger tokensOwed1() {
        return tokensOwed1;
    }

    /** Identifies a position as the pool does: owner plus tick range. */
    public record Key(String owner, int tickLower, int tickUpper) {}

    @Override
    public String toString() {
        return "Position[liquidity=" + liquidity + ", owed0=" + tokensOwed0 + ", owed1=" + tokensOwed1 + "]";
    }
}
