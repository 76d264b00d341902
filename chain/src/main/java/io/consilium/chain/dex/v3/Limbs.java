package io.consilium.chain.dex.v3;

import io.consilium.chain.dex.Wide;
import java.math.BigInteger;

/**
 * Unsigned integers as little-endian 64-bit limbs ({@code long[]} of any length, high zero limbs
 * allowed) for the V3 swap loop: the few operations it needs beyond {@link Wide}'s product and
 * Knuth division. Values are never negative here; callers check every width the contract checks.
 */
final class Limbs {
    private Limbs() {}

    static long[] of(BigInteger x) {
        int bl = x.bitLength();
        if (bl <= 63) {
            return new long[] {x.longValue()};
        }
        if (bl <= 128) {
            return new long[] {x.longValue(), x.shiftRight(64).longValue()};
        }
        return Wide.limbs(x);
    }

    static long[] of(long x) {
        return new long[] {x};
    }

    static BigInteger big(long[] x) {
        int n = significant(x);
        if (n == 0) {
            return BigInteger.ZERO;
        }
        if (n == 1 && x[0] >= 0) {
            return BigInteger.valueOf(x[0]);
        }
        return Wide.toBig(x);
    }

    static int significant(long[] x) {
        int n = x.length;
        while (n > 0 && x[n - 1] == 0) {
            n--;
        }
        return n;
    }

    static boolean isZero(long[] x) {
        return significant(x) == 0;
    }

    static int bitLength(long[] x) {
        int n = significant(x);
        return n == 0 ? 0 : 64 * n - Long.numberOfLeadingZeros(x[n - 1]);
    }

    static int cmp(long[] a, long[] b) {
        int na = significant(a);
        int nb = significant(b);
        if (na != nb) {
            return na < nb ? -1 : 1;
        }
        for (int i = na - 1; i >= 0; i--) {
            if (a[i] != b[i]) {
                return Long.compareUnsigned(a[i], b[i]);
            }
        }
        return 0;
    }

    /** a - b for a >= b (the caller knows). */
    static long[] sub(long[] a, long[] b) {
        int n = significant(a);
        long[] r = new long[Math.max(n, 1)];
        long borrow = 0;
        for (int i = 0; i < n; i++) {
            long x = a[i];
            long y = i < b.length ? b[i] : 0;
            long t = x - y;
            long b1 = Long.compareUnsigned(x, y) < 0 ? 1 : 0;
            long t2 = t - borrow;
            long b2 = Long.compareUnsigned(t, borrow) < 0 ? 1 : 0;
            r[i] = t2;
            borrow = b1 + b2;
        }
        return r;
    }

    /** a + b, one limb longer than the longer operand's significant limbs (so sums do not keep growing). */
    static long[] add(long[] a, long[] b) {
        int na = significant(a);
        int nb = significant(b);
        if (na < nb) {
            long[] t = a;
            a = b;
            b = t;
            int tn = na;
            na = nb;
            nb = tn;
        }
        long[] r = new long[na + 1];
        long c = 0;
        for (int i = 0; i < na; i++) {
            long x = a[i];
            long s1 = x + (i < nb ? b[i] : 0);
            long c1 = Long.compareUnsigned(s1, x) < 0 ? 1 : 0;
            long s2 = s1 + c;
            long c2 = Long.compareUnsigned(s2, s1) < 0 ? 1 : 0;
            r[i] = s2;
            c = c1 + c2;
        }
        r[na] = c;
        return r;
    }

    static long[] mul(long[] a, long[] b) {
        return Wide.mul(a, b);
    }

    static long[] mul(long[] a, long m) {
        return Wide.mul(a, new long[] {m});
    }

    /** floor(u/v) (ceil when roundUp); v must not be 0. */
    static long[] div(long[] u, long[] v, boolean roundUp) {
        if (significant(v) == 1 && v[0] > 0) {
            return div(u, v[0], roundUp);
        }
        return Wide.divide(u, v, roundUp);
    }

    /**
     * floor(u/d) (ceil when roundUp) for a one-limb divisor 0 < d < 2^63: the fee factors and 10^6,
     * without the general division's normalized copies.
     */
    static long[] div(long[] u, long d, boolean roundUp) {
        return div(u, new Divisor(d), roundUp);
    }

    /**
     * A one-limb divisor 0 < d < 2^63, normalized, with its reciprocal: the swap divides by 10^6, by
     * 10^6 - fee and by a one-limb liquidity many times, and the reciprocal (one divlu) is made once.
     */
    static final class Divisor {
        final long d;
        final int s;
        final long dn;
        final long inv;

        Divisor(long d) {
            this.d = d;
            this.s = Long.numberOfLeadingZeros(d);
            this.dn = d << s;
            this.inv = Wide.reciprocal(dn);
        }
    }

    static final Divisor MILLION = new Divisor(1_000_000L);

    /** floor(u/d) (ceil when roundUp) for a prepared one-limb divisor. */
    static long[] div(long[] u, Divisor dv, boolean roundUp) {
        int m = significant(u);
        long[] q = new long[Math.max(m, 1) + 1];
        int s = dv.s;
        long dn = dv.dn;
        long inv = dv.inv;
        // u·2^s digit by digit from the top; the first partial remainder is u's top s bits (< dn)
        long r = m == 0 || s == 0 ? 0 : u[m - 1] >>> (64 - s);
        for (int j = m - 1; j >= 0; j--) {
            long un = (u[j] << s) | (s == 0 || j == 0 ? 0 : u[j - 1] >>> (64 - s));
            long qj = Wide.div2by1(r, un, dn, inv);
            r = un - qj * dn;
            q[j] = qj;
        }
        boolean rem = r != 0;
        if (roundUp && rem) {
            for (int i = 0; i < q.length && ++q[i] == 0; i++) {
                // carry
            }
        }
        return q;
    }

    /**
     * growth = (growth + floor(fee·2^128 / d)) mod 2^256 in place, for a 4-limb growth and a prepared
     * one-limb d: a step's fee growth without the shifted copy, quotient and sum arrays (q is scratch
     * of 6 limbs). False, growth unchanged, when the quotient is wider than 256 bits.
     */
    static boolean addFeeGrowth(long[] growth, long[] fee, Divisor dv, long[] q) {
        int nf = significant(fee);
        if (nf == 0) {
            return true;
        }
        if (nf > 4) {
            return false;
        }
        int m = nf + 2;
        int s = dv.s;
        long dn = dv.dn;
        long inv = dv.inv;
        // digits of fee·2^128·2^s from the top: u[j] = fee[j - 2] (zero below 2)
        long r = s == 0 ? 0 : fee[nf - 1] >>> (64 - s);
        for (int j = m - 1; j >= 0; j--) {
            long hi = j >= 2 ? fee[j - 2] : 0;
            long lo = j >= 3 ? fee[j - 3] : 0;
            long un = (hi << s) | (s == 0 ? 0 : lo >>> (64 - s));
            long qj = Wide.div2by1(r, un, dn, inv);
            r = un - qj * dn;
            q[j] = qj;
        }
        for (int j = 4; j < m; j++) {
            if (q[j] != 0) {
                return false;
            }
        }
        long carry = 0;
        for (int i = 0; i < 4; i++) {
            long x = growth[i];
            long s1 = x + (i < m ? q[i] : 0);
            long c1 = Long.compareUnsigned(s1, x) < 0 ? 1 : 0;
            long s2 = s1 + carry;
            long c2 = Long.compareUnsigned(s2, s1) < 0 ? 1 : 0;
            growth[i] = s2;
            carry = c1 + c2;
        }
        return true;
    }

    /** x·2^bits. */
    static long[] shl(long[] x, int bits) {
        int words = bits >>> 6;
        int s = bits & 63;
        int n = x.length;
        long[] r = new long[n + words + 1];
        for (int i = 0; i < n; i++) {
            r[i + words] |= x[i] << s;
            if (s != 0) {
                r[i + words + 1] = x[i] >>> (64 - s);
            }
        }
        return r;
    }

    /** x mod 2^256. */
    static long[] wrap256(long[] x) {
        if (x.length <= 4) {
            return x;
        }
        return new long[] {x[0], x[1], x[2], x[3]};
    }

    /** x / 2^96 (floor); lowNonZero[0] tells whether any of the dropped 96 bits was set. */
    static long[] shr96(long[] x, boolean[] lowNonZero) {
        int n = x.length;
        lowNonZero[0] = n > 0 && (x[0] != 0 || (n > 1 && (x[1] & 0xffffffffL) != 0));
        long[] r = new long[Math.max(n - 1, 1)];
        for (int i = 1; i < n; i++) {
            long lo = x[i] >>> 32;
            long hi = i + 1 < n ? x[i + 1] << 32 : 0;
            r[i - 1] = lo | hi;
        }
        return r;
    }

    /** Close to x (a few units in the last place): for the decisions made with a margin. */
    static double toDouble(long[] x) {
        double r = 0;
        for (int i = significant(x) - 1; i >= 0; i--) {
            long v = x[i];
            double d = v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
            r = r * 0x1p64 + d;
        }
        return r;
    }
}
