package io.consilium.chain.dex.v3;

import io.consilium.chain.dex.DexRevert;
import io.consilium.chain.dex.Uint;
import java.math.BigInteger;

/**
 * Test reference: FullMath as it was before its long fast paths, in BigInteger only.
 * 512-bit-intermediate multiply-divide. BigInteger has no 256-bit overflow, so the only thing to
 * reproduce is the contract's revert when the result does not fit in uint256.
 */
final class FullMathReference {
    private FullMathReference() {}

    /** floor(a*b/denominator); reverts if denominator is 0 or the result overflows uint256. */
    static BigInteger mulDiv(BigInteger a, BigInteger b, BigInteger denominator) {
        if (denominator.signum() <= 0) {
            throw new DexRevert("FullMath: denominator 0");
        }
        BigInteger r = a.multiply(b).divide(denominator);
        if (r.bitLength() > 256) {
            throw new DexRevert("FullMath: overflow");
        }
        return r;
    }

    /** ceil(a*b/denominator); reverts like {@link #mulDiv} and when the rounded result would reach 2^256. */
    static BigInteger mulDivRoundingUp(BigInteger a, BigInteger b, BigInteger denominator) {
        if (denominator.signum() <= 0) {
            throw new DexRevert("FullMath: denominator 0");
        }
        BigInteger[] qr = a.multiply(b).divideAndRemainder(denominator);
        BigInteger r = qr[0];
        if (r.bitLength() > 256) {
            throw new DexRevert("FullMath: overflow");
        }
        if (qr[1].signum() > 0) {
            if (r.compareTo(Uint.MAX_UINT256) >= 0) {
                throw new DexRevert("FullMath: overflow");
            }
            r = r.add(BigInteger.ONE);
        }
        return r;
    }

    /** UnsafeMath.divRoundingUp: ceil(x/y) for y > 0 (the contract never passes y = 0 here). */
    static BigInteger divRoundingUp(BigInteger x, BigInteger y) {
        BigInteger[] qr = x.divideAndRemainder(y);
        return qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
    }
}
