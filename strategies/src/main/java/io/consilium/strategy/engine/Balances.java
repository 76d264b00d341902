package io.consilium.strategy.engine;

import io.consilium.strategy.exec.U128;
import java.math.BigInteger;

/**
 * A portfolio's balances in base units, exact: each a signed 128-bit value on two limbs while
 * within ±2^126 (every realistic balance: 5,000 ETH is 2^72 wei), else a BigInteger. A fill moves
 * three balances by amounts that fit a long; on limbs that is a few additions instead of a new
 * BigInteger per sum and a BigInteger.doubleValue per changed balance. The BigInteger view is
 * built only when asked for and kept until the balance changes. Results equal the BigInteger
 * arithmetic they replace (BalancesTest).
 */
final class Balances {
    private static final long LIMIT = 1L << 62;
    private final long[] hi;
    private final long[] lo;
    /** The balance itself when outside ±2^126, else null. */
    private final BigInteger[] wide;
    /** The limbs as a BigInteger, or null until asked for since the last change. */
    private final BigInteger[] big;

    Balances(BigInteger[] initial) {
        int n = initial.length;
        hi = new long[n];
        lo = new long[n];
        wide = new BigInteger[n];
        big = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            set(i, initial[i]);
        }
    }

    int size() {
        return hi.length;
    }

    BigInteger get(int i) {
        if (wide[i] != null) {
            return wide[i];
        }
        BigInteger b = big[i];
        if (b == null) {
            b = U128.signed(hi[i], lo[i]);
            big[i] = b;
        }
        return b;
    }

    void set(int i, BigInteger v) {
        if (v.bitLength() <= 126) {
            hi[i] = v.shiftRight(64).longValue();
            lo[i] = v.longValue();
            big[i] = v;
            wide[i] = null;
        } else {
            wide[i] = v;
            big[i] = null;
        }
    }

    int signum(int i) {
        if (wide[i] != null) {
            return wide[i].signum();
        }
        return hi[i] < 0 ? -1 : (hi[i] | lo[i]) == 0 ? 0 : 1;
    }

    /** get(i).doubleValue(), rounded the same way (to nearest, ties to even). */
    double toDouble(int i) {
        if (wide[i] != null) {
            return wide[i].doubleValue();
        }
        return U128.signedToDouble(hi[i], lo[i]);
    }

    /** Whether x (null counting as 0) fits a long with room: bitLength below 63. */
    private static boolean small(BigInteger x) {
        return x == null || x.bitLength() < 63;
    }

    private static long val(BigInteger x) {
        return x == null ? 0 : x.longValue();
    }

    /** The sign of get(i) - a - b (a or b may be null for 0). */
    int compareAfter(int i, BigInteger a, BigInteger b) {
        if (wide[i] == null && small(a) && small(b)) {
            long h = hi[i];
            long l = lo[i];
            long x = val(a);
            long nl = l - x;
            h = h - (x >> 63) - (Long.compareUnsigned(l, x) < 0 ? 1 : 0);
            l = nl;
            long y = val(b);
            nl = l - y;
            h = h - (y >> 63) - (Long.compareUnsigned(l, y) < 0 ? 1 : 0);
            l = nl;
            return h < 0 ? -1 : (h | l) == 0 ? 0 : 1;
        }
        BigInteger v = get(i);
        if (a != null) {
            v = v.subtract(a);
        }
        if (b != null) {
            v = v.subtract(b);
        }
        return v.signum();
    }

    /** get(i) + plus - minus1 - minus2, any of them null for 0. */
    void addSub(int i, BigInteger plus, BigInteger minus1, BigInteger minus2) {
        if (wide[i] == null && small(plus) && small(minus1) && small(minus2)) {
            long h = hi[i];
            long l = lo[i];
            long p = val(plus);
            long s = l + p;
            h = h + (p >> 63) + (Long.compareUnsigned(s, l) < 0 ? 1 : 0);
            l = s;
            long m = val(minus1);
            s = l - m;
            h = h - (m >> 63) - (Long.compareUnsigned(l, m) < 0 ? 1 : 0);
            l = s;
            m = val(minus2);
            s = l - m;
            h = h - (m >> 63) - (Long.compareUnsigned(l, m) < 0 ? 1 : 0);
            l = s;
            // from within ±2^126, three moves below 2^63 cannot wrap 128 bits
            if (h >= -LIMIT && h < LIMIT) {
                hi[i] = h;
                lo[i] = l;
                big[i] = null;
                return;
            }
        }
        BigInteger v = get(i);
        if (plus != null) {
            v = v.add(plus);
        }
        if (minus1 != null) {
            v = v.subtract(minus1);
        }
        if (minus2 != null) {
            v = v.subtract(minus2);
        }
        set(i, v);
    }
}
