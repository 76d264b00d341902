package io.consilium.chain.dex;

import java.math.BigInteger;

/** Solidity integer widths as BigInteger bounds, plus the wrapping and checked casts the contracts rely on. */
public final class Uint {
    public static final BigInteger TWO = BigInteger.TWO;
    public static final BigInteger MAX_UINT128 = TWO.pow(128).subtract(BigInteger.ONE);
    public static final BigInteger MAX_UINT160 = TWO.pow(160).subtract(BigInteger.ONE);
    public static final BigInteger MAX_UINT256 = TWO.pow(256).subtract(BigInteger.ONE);
    public static final BigInteger MAX_INT256 = TWO.pow(255).subtract(BigInteger.ONE);
    public static final BigInteger MIN_INT256 = TWO.pow(255).negate();
    public static final BigInteger MAX_INT128 = TWO.pow(127).subtract(BigInteger.ONE);
    public static final BigInteger MIN_INT128 = TWO.pow(127).negate();

    private Uint() {}

    /** uint256 arithmetic that wraps (Solidity 0.7 unchecked +/-, used for fee growth accumulators). */
    public static BigInteger wrap256(BigInteger x) {
        return x.signum() >= 0 && x.bitLength() <= 256 ? x : x.and(MAX_UINT256);
    }

    /** uint128 truncation, as {@code uint128(x)} in Solidity. */
    public static BigInteger wrap128(BigInteger x) {
        return x.signum() >= 0 && x.bitLength() <= 128 ? x : x.and(MAX_UINT128);
    }

    public static boolean fitsUint256(BigInteger x) {
        return x.signum() >= 0 && x.bitLength() <= 256;
    }

    public static boolean fitsUint160(BigInteger x) {
        return x.signum() >= 0 && x.bitLength() <= 160;
    }

    public static boolean fitsInt256(BigInteger x) {
        return x.bitLength() <= 255;
    }

    public static BigInteger toUint160(BigInteger x) {
        if (!fitsUint160(x)) {
            throw new DexRevert("uint160 overflow");
        }
        return x;
    }

    public static BigInteger toInt256(BigInteger x) {
        if (x.signum() < 0 || !fitsInt256(x)) {
            throw new DexRevert("int256 overflow");
        }
        return x;
    }

    /** Checked uint256 addition (LowGasSafeMath.add). */
    public static BigInteger addChecked(BigInteger a, BigInteger b) {
        BigInteger r = a.add(b);
        if (!fitsUint256(r)) {
            throw new DexRevert("uint256 overflow");
        }
        return r;
    }

    /** Checked uint256 subtraction (LowGasSafeMath.sub). */
    public static BigInteger subChecked(BigInteger a, BigInteger b) {
        BigInteger r = a.subtract(b);
        if (r.signum() < 0) {
            throw new DexRevert("uint256 underflow");
        }
        return r;
    }
}
