package io.consilium.strategy.exec;

import java.math.BigInteger;

/**
 * Conversions of 128-bit values held as two 64-bit limbs (hi, lo), for the exact fast paths of
 * pools and balances: to a double exactly as BigInteger.doubleValue rounds it, and to a BigInteger.
 */
public final class U128 {
    private U128() {
    }

    /** The unsigned (hi, lo) as a double, rounded to nearest even: the same as BigInteger.doubleValue. */
    public static double toDouble(long hi, long lo) {
        if (hi == 0) {
            return lo >= 0 ? (double) lo : (double) ((lo >>> 1) | (lo & 1)) * 2.0;
        }
        int bits = 128 - Long.numberOfLeadingZeros(hi);
        int sh = bits - 63;
        long m;
        boolean sticky;
        if (sh < 64) {
            m = (hi << (64 - sh)) | (lo >>> sh);
            sticky = (lo << (64 - sh)) != 0;
        } else if (sh == 64) {
            m = hi;
            sticky = lo != 0;
        } else {
            m = hi >>> 1;
            sticky = (hi & 1) != 0 || lo != 0;
        }
        // 63 significant bits and a sticky bit 10 places below the double's last: one correct rounding
        // times 2^sh (2 <= sh <= 65), exact: a power of two as a double, cheaper than Math.scalb
        return (double) (m | (sticky ? 1 : 0)) * Double.longBitsToDouble((long) (1023 + sh) << 52);
    }

    /** The signed (two's complement) (hi, lo) as a double, rounded as BigInteger.doubleValue rounds it. */
    public static double signedToDouble(long hi, long lo) {
        if (hi == (lo >> 63)) {
            return (double) lo;
        }
        if (hi < 0) {
            // BigInteger rounds the magnitude, then applies the sign
            return -toDouble(~hi + (lo == 0 ? 1 : 0), -lo);
        }
        return toDouble(hi, lo);
    }

    /** The unsigned (hi, lo) as a BigInteger. */
    public static BigInteger big(long hi, long lo) {
        if (hi == 0 && lo >= 0) {
            return BigInteger.valueOf(lo);
        }
        return unsigned(hi).shiftLeft(64).or(unsigned(lo));
    }

    /** The signed (two's complement) (hi, lo) as a BigInteger. */
    public static BigInteger signed(long hi, long lo) {
        if (hi == (lo >> 63)) {
            return BigInteger.valueOf(lo);
        }
        return BigInteger.valueOf(hi).shiftLeft(64).add(unsigned(lo));
    }

    private static BigInteger unsigned(long x) {
        return x >= 0 ? BigInteger.valueOf(x) : BigInteger.valueOf(x & Long.MAX_VALUE).setBit(63);
    }

    /** x as a double: the same as x.doubleValue(), without its general conversion when x fits a long. */
    public static double doubleOf(BigInteger x) {
        return x.bitLength() < 64 ? (double) x.longValue() : x.doubleValue();
    }
}
