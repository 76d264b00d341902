package io.consilium.chain.dex;

import java.math.BigInteger;

/**
 * Exact unsigned multi-word arithmetic on 64-bit limbs (little-endian {@code long[]}, read as
 * unsigned): products and Knuth's algorithm D on 64-bit digits. It pays where a whole formula runs
 * on limbs (V2 getAmountOut: three products, a sum and a quotient, one conversion in and out) or
 * where operands fit in registers ({@link #mulDiv64}); a lone mulDiv of multi-word BigIntegers is
 * not faster than BigInteger's own, because converting in and out costs what the arithmetic saves
 * (measured), so FullMath uses only the register form. Every BigInteger method returns null outside
 * what it handles (negative, wider than 256 bits, or a result wider than 256 bits), so that the
 * caller's BigInteger path keeps deciding the edge cases, reverts included.
 */
public final class Wide {
    private static final long M32 = 0xffffffffL;
    private static final long B32 = 1L << 32;

    private Wide() {}

    /** floor(a*b/d), or ceil when roundUp; null outside the fast path's range (see the class comment). */
    public static BigInteger mulDiv(BigInteger a, BigInteger b, BigInteger d, boolean roundUp) {
        if (!fits(a) || !fits(b) || d.signum() <= 0 || d.bitLength() > 256) {
            return null;
        }
        if (a.signum() == 0 || b.signum() == 0) {
            return BigInteger.ZERO;
        }
        if (a.bitLength() + b.bitLength() <= 63 && d.bitLength() <= 63) {
            long p = a.longValue() * b.longValue();
            long dv = d.longValue();
            long q = p / dv;
            return BigInteger.valueOf(roundUp && q * dv != p ? q + 1 : q);
        }
        long[] p = mul(limbs(a), limbs(b));
        return quotient(p, limbs(d), roundUp);
    }

    /**
     * mulDiv for operands below 2^63 whose quotient fits in 63 bits, on one 128-bit product and one
     * 128/64-bit division in registers (no arrays); null otherwise. This is where BigInteger is
     * slowest relative to the work: its intermediates are allocated even for two-word numbers.
     */
    public static BigInteger mulDiv64(BigInteger a, BigInteger b, BigInteger d, boolean roundUp) {
        if (a.signum() < 0 || b.signum() < 0 || d.signum() <= 0 || a.bitLength() > 63 || b.bitLength() > 63
                || d.bitLength() > 63) {
            return null;
        }
        long x = a.longValue();
        long y = b.longValue();
        long dv = d.longValue();
        long hi = Math.multiplyHigh(x, y);
        long lo = x * y;
        if (hi >= dv) {
            return null;
        }
        int s = Long.numberOfLeadingZeros(dv);
        long dn = dv << s;
        long un1 = s == 0 ? hi : (hi << s) | (lo >>> (64 - s));
        long un0 = lo << s;
        long q = divlu(un1, un0, dn);
        long rem = un0 - q * dn;
        if (roundUp && rem != 0) {
            q++;
        }
        return q < 0 ? null : BigInteger.valueOf(q);
    }

    /** floor(x/d) or ceil for x and d below 2^63; null otherwise. */
    public static BigInteger div64(BigInteger x, BigInteger d, boolean roundUp) {
        if (x.signum() < 0 || d.signum() <= 0 || x.bitLength() > 63 || d.bitLength() > 63) {
            return null;
        }
        long xv = x.longValue();
        long dv = d.longValue();
        long q = xv / dv;
        return BigInteger.valueOf(roundUp && q * dv != xv ? q + 1 : q);
    }

    /** The quotient as a BigInteger, or null when it needs more than 256 bits. */
    static BigInteger quotient(long[] u, long[] d, boolean roundUp) {
        long[] q = divide(u, d, roundUp);
        if (bitLength(q) > 256) {
            return null;
        }
        return toBig(q);
    }

    private static boolean fits(BigInteger x) {
        return x.signum() >= 0 && x.bitLength() <= 256;
    }

    /** The limbs of a non-negative BigInteger (at least one). */
    public static long[] limbs(BigInteger x) {
        int bl = x.bitLength();
        if (bl <= 63) {
            return new long[] {x.longValue()};
        }
        int n = (bl + 63) >>> 6;
        long[] r = new long[n];
        r[0] = x.longValue();
        if (n == 2) {
            r[1] = x.shiftRight(64).longValue();
            return r;
        }
        byte[] b = x.toByteArray();
        int bi = b.length - 1;
        for (int i = 0; i < n; i++) {
            long v = 0;
            for (int k = 0; k < 64 && bi >= 0; k += 8, bi--) {
                v |= (b[bi] & 0xffL) << k;
            }
            r[i] = v;
        }
        return r;
    }

    /** The non-negative BigInteger of the limbs. */
    public static BigInteger toBig(long[] x) {
        int n = significant(x);
        if (n == 0) {
            return BigInteger.ZERO;
        }
        if (n == 1 && x[0] >= 0) {
            return BigInteger.valueOf(x[0]);
        }
        byte[] b = new byte[8 * n];
        for (int i = 0; i < n; i++) {
            long v = x[i];
            int at = 8 * (n - 1 - i);
            for (int k = 7; k >= 0; k--) {
                b[at + k] = (byte) v;
                v >>>= 8;
            }
        }
        return new BigInteger(1, b);
    }

    static int significant(long[] x) {
        int n = x.length;
        while (n > 0 && x[n - 1] == 0) {
            n--;
        }
        return n;
    }

    public static int bitLength(long[] x) {
        int n = significant(x);
        return n == 0 ? 0 : 64 * n - Long.numberOfLeadingZeros(x[n - 1]);
    }

    /** The full product a*b (length a.length + b.length). */
    public static long[] mul(long[] a, long[] b) {
        long[] w = new long[a.length + b.length];
        for (int i = 0; i < a.length; i++) {
            long ai = a[i];
            if (ai == 0) {
                continue;
            }
            long carry = 0;
            for (int j = 0; j < b.length; j++) {
                long lo = ai * b[j];
                long hi = Math.unsignedMultiplyHigh(ai, b[j]);
                lo += carry;
                if (Long.compareUnsigned(lo, carry) < 0) {
                    hi++;
                }
                long s = w[i + j] + lo;
                if (Long.compareUnsigned(s, lo) < 0) {
                    hi++;
                }
                w[i + j] = s;
                carry = hi;
            }
            w[i + b.length] = carry;
        }
        return w;
    }

    /** a + b. */
    public static long[] add(long[] a, long[] b) {
        if (a.length < b.length) {
            long[] t = a;
            a = b;
            b = t;
        }
        long[] r = new long[a.length + 1];
        long c = 0;
        for (int i = 0; i < a.length; i++) {
            long x = a[i];
            long s1 = x + (i < b.length ? b[i] : 0);
            long c1 = Long.compareUnsigned(s1, x) < 0 ? 1 : 0;
            long s2 = s1 + c;
            long c2 = Long.compareUnsigned(s2, s1) < 0 ? 1 : 0;
            r[i] = s2;
            c = c1 + c2;
        }
        r[a.length] = c;
        return r;
    }

    /** floor(u/v), or ceil when roundUp; v must not be 0. */
    public static long[] divide(long[] u, long[] v, boolean roundUp) {
        int n = significant(v);
        int m = significant(u);
        if (n == 0) {
            throw new ArithmeticException("division by zero");
        }
        if (m < n) {
            return m != 0 && roundUp ? new long[] {1} : new long[] {0};
        }
        int s = Long.numberOfLeadingZeros(v[n - 1]);
        long[] vn = new long[n];
        for (int i = n - 1; i > 0; i--) {
            vn[i] = (v[i] << s) | (s == 0 ? 0 : v[i - 1] >>> (64 - s));
        }
        vn[0] = v[0] << s;
        long[] un = new long[m + 1];
        un[m] = s == 0 ? 0 : u[m - 1] >>> (64 - s);
        for (int i = m - 1; i > 0; i--) {
            un[i] = (u[i] << s) | (s == 0 ? 0 : u[i - 1] >>> (64 - s));
        }
        un[0] = u[0] << s;
        // one spare limb, so that rounding a quotient of all ones up cannot wrap
        long[] q = new long[m - n + 2];
        boolean remainder;
        if (n == 1) {
            long d = vn[0];
            long inv = m >= 3 ? reciprocal(d) : 0;
            long r = un[m];
            for (int j = m - 1; j >= 0; j--) {
                long qj = inv != 0 ? div2by1(r, un[j], d, inv) : divlu(r, un[j], d);
                r = un[j] - qj * d;
                q[j] = qj;
            }
            remainder = r != 0;
        } else {
            // the reciprocal costs one divlu: worth it from three quotient digits on (each then a high product)
            long inv = m - n >= 2 ? reciprocal(vn[n - 1]) : 0;
            for (int j = m - n; j >= 0; j--) {
                q[j] = step(un, vn, j, n, inv);
            }
            remainder = false;
            for (int i = 0; i < n; i++) {
                remainder |= un[i] != 0;
            }
        }
        if (roundUp && remainder) {
            increment(q);
        }
        return q;
    }

    /** One quotient digit of algorithm D: un[j..j+n] -= qhat * vn, with qhat corrected to be exact. */
    private static long step(long[] un, long[] vn, int j, int n, long inv) {
        long top = un[j + n];
        long next = un[j + n - 1];
        long dv = vn[n - 1];
        long qhat;
        long rhat;
        boolean rhatOverflow;
        if (Long.compareUnsigned(top, dv) >= 0) {
            // top == dv: the estimate is B - 1 with remainder next + dv
            qhat = -1L;
            rhat = next + dv;
            rhatOverflow = Long.compareUnsigned(rhat, next) < 0;
        } else {
            qhat = inv != 0 ? div2by1(top, next, dv, inv) : divlu(top, next, dv);
            rhat = next - qhat * dv;
            rhatOverflow = false;
        }
        long below = un[j + n - 2];
        long v2 = vn[n - 2];
        while (!rhatOverflow) {
            long pLo = qhat * v2;
            long pHi = Math.unsignedMultiplyHigh(qhat, v2);
            if (Long.compareUnsigned(pHi, rhat) > 0 || (pHi == rhat && Long.compareUnsigned(pLo, below) > 0)) {
                qhat--;
                long old = rhat;
                rhat += dv;
                rhatOverflow = Long.compareUnsigned(rhat, old) < 0;
            } else {
                break;
            }
        }
        long borrow = 0;
        long carry = 0;
        for (int i = 0; i < n; i++) {
            long pLo = qhat * vn[i];
            long pHi = Math.unsignedMultiplyHigh(qhat, vn[i]);
            pLo += carry;
            if (Long.compareUnsigned(pLo, carry) < 0) {
                pHi++;
            }
            carry = pHi;
            long x = un[i + j];
            long t = x - pLo;
            long b1 = Long.compareUnsigned(x, pLo) < 0 ? 1 : 0;
            long t2 = t - borrow;
            long b2 = Long.compareUnsigned(t, borrow) < 0 ? 1 : 0;
            un[i + j] = t2;
            borrow = b1 + b2;
        }
        long x = un[j + n];
        long t = x - carry;
        long b1 = Long.compareUnsigned(x, carry) < 0 ? 1 : 0;
        long t2 = t - borrow;
        long b2 = Long.compareUnsigned(t, borrow) < 0 ? 1 : 0;
        un[j + n] = t2;
        if (b1 + b2 != 0) {
            // the estimate was one too large (rare): add the divisor back
            qhat--;
            long c = 0;
            for (int i = 0; i < n; i++) {
                long a = un[i + j];
                long s1 = a + vn[i];
                long c1 = Long.compareUnsigned(s1, a) < 0 ? 1 : 0;
                long s2 = s1 + c;
                long c2 = Long.compareUnsigned(s2, s1) < 0 ? 1 : 0;
                un[i + j] = s2;
                c = c1 + c2;
            }
            un[j + n] += c;
        }
        return qhat;
    }

    /** Full 256-bit product of two unsigned 128-bit numbers (a1:a0)·(b1:b0) into w[3]:w[2]:w[1]:w[0]. */
    public static void mul256(long a1, long a0, long b1, long b0, long[] w) {
        long l00 = a0 * b0;
        long h00 = Math.unsignedMultiplyHigh(a0, b0);
        long l01 = a0 * b1;
        long h01 = Math.unsignedMultiplyHigh(a0, b1);
        long l10 = a1 * b0;
        long h10 = Math.unsignedMultiplyHigh(a1, b0);
        long l11 = a1 * b1;
        long h11 = Math.unsignedMultiplyHigh(a1, b1);
        long s = h00 + l01;
        long c = Long.compareUnsigned(s, h00) < 0 ? 1 : 0;
        long w1 = s + l10;
        c += Long.compareUnsigned(w1, s) < 0 ? 1 : 0;
        long t = h01 + h10;
        long c2 = Long.compareUnsigned(t, h01) < 0 ? 1 : 0;
        long t2 = t + l11;
        c2 += Long.compareUnsigned(t2, t) < 0 ? 1 : 0;
        long w2 = t2 + c;
        c2 += Long.compareUnsigned(w2, t2) < 0 ? 1 : 0;
        w[0] = l00;
        w[1] = w1;
        w[2] = w2;
        w[3] = h11 + c2;
    }

    /**
     * (u1·2^64 + u0) / v for a normalized v (top bit set) and u1 < v, by two 64/32-bit estimates
     * corrected to be exact (Hacker's Delight, divlu). The remainder is u0 - q*v (mod 2^64).
     */
    public static long divlu(long u1, long u0, long v) {
        long vn1 = v >>> 32;
        long vn0 = v & M32;
        long un1 = u0 >>> 32;
        long un0 = u0 & M32;
        long q1 = Long.divideUnsigned(u1, vn1);
        long rhat = u1 - q1 * vn1;
        while (Long.compareUnsigned(q1, B32) >= 0 || Long.compareUnsigned(q1 * vn0, (rhat << 32) | un1) > 0) {
            q1--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, B32) >= 0) {
                break;
            }
        }
        long un21 = (u1 << 32) + un1 - q1 * v;
        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = un21 - q0 * vn1;
        while (Long.compareUnsigned(q0, B32) >= 0 || Long.compareUnsigned(q0 * vn0, (rhat << 32) | un0) > 0) {
            q0--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, B32) >= 0) {
                break;
            }
        }
        return (q1 << 32) | q0;
    }

    /**
     * floor((2^128 - 1) / d) - 2^64 for a normalized d (top bit set): the reciprocal with which
     * {@link #div2by1} divides by d with one high product instead of two hardware divisions. Never 0.
     */
    public static long reciprocal(long d) {
        return divlu(~d, -1L, d);
    }

    /**
     * (u1·2^64 + u0) / d for a normalized d and u1 < d, given v = reciprocal(d): Möller and
     * Granlund's 2-by-1 division by an invariant integer (IEEE TC 2011, algorithm 4), the same
     * quotient as {@link #divlu}. The remainder is u0 - q*d (mod 2^64).
     */
    public static long div2by1(long u1, long u0, long d, long v) {
        long lo = v * u1;
        long hi = Math.unsignedMultiplyHigh(v, u1);
        long q0 = lo + u0;
        long q1 = hi + u1 + (Long.compareUnsigned(q0, lo) < 0 ? 1 : 0) + 1;
        long r = u0 - q1 * d;
        if (Long.compareUnsigned(r, q0) > 0) {
            q1--;
            r += d;
        }
        if (Long.compareUnsigned(r, d) >= 0) {
            q1++;
        }
        return q1;
    }

    private static void increment(long[] q) {
        for (int i = 0; i < q.length; i++) {
            if (++q[i] != 0) {
                return;
            }
        }
    }
}
