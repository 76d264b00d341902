package io.consilium.chain.dex.v3;

import io.consilium.chain.dex.DexRevert;
import io.consilium.chain.dex.Uint;
import io.consilium.chain.dex.Wide;
import java.math.BigInteger;

/**
 * 512-bit-intermediate multiply-divide. BigInteger has no 256-bit overflow, so the only thing to
 * reproduce is the contract's revert when the result does not fit in uint256.
 */
public final class FullMath {
    private FullMath() {}

    /** floor(a*b/denominator); reverts if denominator is 0 or the result overflows uint256. */
    public static BigInteger mulDiv(BigInteger a, BigInteger b, BigInteger denominator) {
        BigInteger fast = Wide.mulDiv64(a, b, denominator, false);
        return fast != null ? fast : mulDivBig(a, b, denominator);
    }

    /** mulDiv(a, 2^128, denominator) with a shift for the multiplication (the pool's fee growth per step). */
    public static BigInteger mulDivQ128(BigInteger a, BigInteger denominator) {
        if (a.signum() < 0) {
            return mulDiv(a, Q128, denominator);
        }
        if (denominator.signum() <= 0) {
            throw new DexRevert("FullMath: denominator 0");
        }
        BigInteger r = a.shiftLeft(128).divide(denominator);
        if (r.bitLength() > 256) {
            throw new DexRevert("FullMath: overflow");
        }
        return r;
    }

    private static final BigInteger Q128 = BigInteger.ONE.shiftLeft(128);

    /** {@link #mulDiv} in BigInteger only: the reference the fast path is tested against, and its fall-back. */
    static BigInteger mulDivBig(BigInteger a, BigInteger b, BigInteger denominator) {
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
    public static BigInteger mulDivRoundingUp(BigInteger a, BigInteger b, BigInteger denominator) {
        BigInteger fast = Wide.mulDiv64(a, b, denominator, true);
        return fast != null ? fast : mulDivRoundingUpBig(a, b, denominator);
    }

    static BigInteger mulDivRoundingUpBig(BigInteger a, BigInteger b, BigInteger denominator) {
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
    public static BigInteger divRoundingUp(BigInteger x, BigInteger y) {
        BigInteger fast = Wide.div64(x, y, true);
        return fast != null ? fast : divRoundingUpBig(x, y);
    }

    static BigInteger divRoundingUpBig(BigInteger x, BigInteger y) {
        BigInteger[] qr = x.divideAndRemainder(y);
        return qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
    }
}
