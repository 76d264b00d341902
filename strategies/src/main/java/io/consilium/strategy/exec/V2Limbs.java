package io.consilium.strategy.exec;

import io.consilium.chain.dex.Wide;
import java.math.BigInteger;

/**
 * UniswapV2Library.getAmountOut on a fixed number of 64-bit limbs, without allocating, for the sizes a
 * backtest meets: an input and reserves below 2^112. Then every intermediate has a known width
 * (a·f < 2^126, a·f·R < 2^238, R·10^4 + a·f < 2^127) and the quotient, below the output reserve,
 * fits two limbs. The chain's general form ({@code UniswapV2Math}) allocates a limb array per
 * product and a BigInteger per result; at one arbitrage and one fill per event that was the
 * largest share of a replay's garbage. Same floor for every input in range (V2LimbsTest); callers
 * use the chain's BigInteger math outside it. Unsigned 128-bit values are (hi, lo) pairs.
 */
final class V2Limbs {
    /** Inputs and reserves must stay below 2^BITS for {@link #amountOut}. */
    static final int BITS = 112;
    private static final long BPS = 10_000L;

    /** The numerator's four limbs, reused by every {@link #amountOut}. */
    private final long[] n = new long[4];
    /** The quotient's limbs after {@link #amountOut}. */
    long qHi;
    long qLo;

    /**
     * floor(a·f·ro / (ri·10^4 + a·f)) with f = 10^4 - feeBps, into (qHi, qLo). Requires
     * 0 < a, ri, ro < 2^112 and 0 <= feeBps < 10^4.
     */
    void amountOut(long aHi, long aLo, long riHi, long riLo, long roHi, long roLo, int feeBps) {
        long f = BPS - feeBps;
        // a·f < 2^126
        long afLo = aLo * f;
        long afHi = Math.unsignedMultiplyHigh(aLo, f) + aHi * f;
        // N = a·f·ro < 2^238: four limbs
        Wide.mul256(afHi, afLo, roHi, roLo, n);
        // D = ri·10^4 + a·f < 2^127: two limbs
        long dLo = riLo * BPS;
        long dHi = Math.unsignedMultiplyHigh(riLo, BPS) + riHi * BPS;
        long s = dLo + afLo;
        dHi += afHi + (Long.compareUnsigned(s, dLo) < 0 ? 1 : 0);
        dLo = s;
        divide(n[3], n[2], n[1], n[0], dHi, dLo);
    }

    /**
     * (n3, n2, n1, n0) / (dHi, dLo) floored into (qHi, qLo), for a quotient below 2^128 and a
     * non-zero divisor. The numerator shifted left to normalize the divisor is (u4..u0); a quotient
     * below 2^128 means u4 = 0 and (u3, u2) below the divisor, so two quotient digits remain.
     */
    private void divide(long n3, long n2, long n1, long n0, long dHi, long dLo) {
        if (dHi == 0) {
            int s = Long.numberOfLeadingZeros(dLo);
            long d = dLo << s;
            // one-digit divisor: u4 = u3 = 0 and u2 < d
            long u2 = (n2 << s) | (s == 0 ? 0 : n1 >>> (64 - s));
            long u1 = (n1 << s) | (s == 0 ? 0 : n0 >>> (64 - s));
            long u0 = n0 << s;
            assert n3 == 0;
            if (u2 == 0 && Long.compareUnsigned(u1, d) < 0) {
                // a quotient below 2^64 (the usual case): one digit, one division
                qHi = 0;
                qLo = Wide.divlu(u1, u0, d);
                return;
            }
            // two digits by the same divisor: its reciprocal (one division) and two high products
            long inv = Wide.reciprocal(d);
            long q1 = Wide.div2by1(u2, u1, d, inv);
            long r = u1 - q1 * d;
            qLo = Wide.div2by1(r, u0, d, inv);
            qHi = q1;
            return;
        }
        int s = Long.numberOfLeadingZeros(dHi);
        long v1 = (dHi << s) | (s == 0 ? 0 : dLo >>> (64 - s));
        long v0 = dLo << s;
        long u3 = (n3 << s) | (s == 0 ? 0 : n2 >>> (64 - s));
        long u2 = (n2 << s) | (s == 0 ? 0 : n1 >>> (64 - s));
        long u1 = (n1 << s) | (s == 0 ? 0 : n0 >>> (64 - s));
        long u0 = n0 << s;
        // Knuth's algorithm D with two divisor digits: digit 1 from (u3, u2, u1), digit 0 from (u2, u1, u0)
        if (u3 == 0 && (Long.compareUnsigned(u2, v1) < 0 || (u2 == v1 && Long.compareUnsigned(u1, v0) < 0))) {
            // (u3, u2, u1) below the divisor: the high digit is 0 and the remainder is (u2, u1)
            qHi = 0;
            qLo = digit(u2, u1, u0, v1, v0);
            return;
        }
        long q1 = digit(u3, u2, u1, v1, v0);
        long r2 = rem2;
        long r1 = rem1;
        qLo = digit(r2, r1, u0, v1, v0);
        qHi = q1;
    }

    /** The remainder's two limbs after {@link #digit}. */
    private long rem2;
    private long rem1;

    /** floor((top, next, below) / (v1, v0)) for a normalized divisor and top:next < v1:v0 (one digit); remainder into rem2:rem1. */
    private long digit(long top, long next, long below, long v1, long v0) {
        long qhat;
        long rhat;
        boolean rhatOverflow;
        if (Long.compareUnsigned(top, v1) >= 0) {
            qhat = -1L;
            rhat = next + v1;
            rhatOverflow = Long.compareUnsigned(rhat, next) < 0;
        } else {
            qhat = Wide.divlu(top, next, v1);
            rhat = next - qhat * v1;
            rhatOverflow = false;
        }
        while (!rhatOverflow) {
            long pLo = qhat * v0;
            long pHi = Math.unsignedMultiplyHigh(qhat, v0);
            if (Long.compareUnsigned(pHi, rhat) > 0 || (pHi == rhat && Long.compareUnsigned(pLo, below) > 0)) {
                qhat--;
                long old = rhat;
                rhat += v1;
                rhatOverflow = Long.compareUnsigned(rhat, old) < 0;
            } else {
                break;
            }
        }
        // (top, next, below) - qhat·(v1, v0), three limbs
        long m0 = qhat * v0;
        long m1 = Math.unsignedMultiplyHigh(qhat, v0);
        long x1 = qhat * v1;
        long m2 = Math.unsignedMultiplyHigh(qhat, v1);
        m1 += x1;
        if (Long.compareUnsigned(m1, x1) < 0) {
            m2++;
        }
        long r0 = below - m0;
        long b = Long.compareUnsigned(below, m0) < 0 ? 1 : 0;
        long r1 = next - m1;
        long b1 = Long.compareUnsigned(next, m1) < 0 ? 1 : 0;
        long r1b = r1 - b;
        b1 += Long.compareUnsigned(r1, b) < 0 ? 1 : 0;
        long r2 = top - m2;
        long b2 = Long.compareUnsigned(top, m2) < 0 ? 1 : 0;
        long r2b = r2 - b1;
        b2 += Long.compareUnsigned(r2, b1) < 0 ? 1 : 0;
        if (b2 != 0) {
            // the estimate was one too large (rare): add the divisor back
            qhat--;
            long a0 = r0 + v0;
            long c0 = Long.compareUnsigned(a0, r0) < 0 ? 1 : 0;
            long a1 = r1b + v1;
            long c1 = Long.compareUnsigned(a1, r1b) < 0 ? 1 : 0;
            long a1c = a1 + c0;
            c1 += Long.compareUnsigned(a1c, a1) < 0 ? 1 : 0;
            r0 = a0;
            r1b = a1c;
            r2b += c1;
        }
        rem2 = r1b;
        rem1 = r0;
        assert r2b == 0;
        return qhat;
    }

    static double toDouble(long hi, long lo) {
        return U128.toDouble(hi, lo);
    }

    /** Whether x is non-negative and below 2^bits (bits <= 126), so that (hi(x), lo(x)) holds it. */
    static boolean fits(BigInteger x, int bits) {
        return x.signum() >= 0 && x.bitLength() < bits;
    }

    static long hi(BigInteger x) {
        return x.bitLength() < 64 ? 0 : x.shiftRight(64).longValue();
    }

    static long lo(BigInteger x) {
        return x.longValue();
    }

    static BigInteger big(long hi, long lo) {
        return U128.big(hi, lo);
    }
}
