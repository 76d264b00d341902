package io.consilium.chain.dex.v3;

import java.math.BigInteger;

/**
 * Per-tick state needed for swaps and fee accounting (Tick.Info without the oracle fields:
 * seconds and tick cumulatives do not affect amounts or fees).
 */
public final class TickInfo {
    BigInteger liquidityGross = BigInteger.ZERO;
    /** Signed: liquidity added when the price crosses this tick left to right. */
    BigInteger liquidityNet = BigInteger.ZERO;
    BigInteger feeGrowthOutside0X128 = BigInteger.ZERO;
    BigInteger feeGrowthOutside1X128 = BigInteger.ZERO;

    public TickInfo() {}

    public TickInfo(BigInteger liquidityGross, BigInteger liquidityNet, BigInteger feeGrowthOutside0X128,
                    BigInteger feeGrowthOutside1X128) {
        this.liquidityGross = liquidityGross;
        this.liquidityNet = liquidityNet;
        this.feeGrowthOutside0X128 = feeGrowthOutside0X128;
        this.feeGrowthOutside1X128 = feeGrowthOutside1X128;
    }

    public BigInteger liquidityGross() {
        return liquidityGross;
    }

    public BigInteger liquidityNet() {
        return liquidityNet;
    }

    public BigInteger feeGrowthOutside0X128() {
        return feeGrowthOutside0X128;
    }

    public BigInteger feeGrowthOutside1X128() {
        return feeGrowthOutside1X128;
    }

    @Override
    public String toString() {
        return "TickInfo[gross=" + liquidityGross + ", net=" + liquidityNet + "]";
    }
}
