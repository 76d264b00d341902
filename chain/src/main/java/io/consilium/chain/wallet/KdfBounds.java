package io.consilium.chain.wallet;

import io.consilium.chain.ChainUserError;

/**
 * Limits on keystore KDF parameters, checked before the KDF runs so that a hostile or broken file
 * cannot make us allocate gigabytes or spin for hours.
 *
 * <ul>
 * <li>scrypt: n a power of two in [2, 2^20]; r in [1, 16]; p in [1, 16]; memory 128·n·r at most
 *     256 MiB (the standard n=2^18, r=8 is exactly that); total work n·r·p at most 2^24.</li>
 * <li>pbkdf2: prf hmac-sha256 only; c in [1, 10,000,000].</li>
 * <li>both: dklen exactly 32; salt 8 to 128 bytes.</li>
 * </ul>
 */
public final class KdfBounds {
    public static final int SCRYPT_MAX_N = 1 << 20;
    public static final int SCRYPT_MAX_R = 16;
    public static final int SCRYPT_MAX_P = 16;
    public static final long SCRYPT_MAX_MEMORY_BYTES = 256L << 20;
    public static final long SCRYPT_MAX_WORK = 1L << 24;
    public static final int PBKDF2_MAX_C = 10_000_000;
    public static final int DKLEN = 32;
    public static final int SALT_MIN = 8;
    public static final int SALT_MAX = 128;

    private KdfBounds() {}

    static void checkScrypt(String file, long n, long r, long p, long dklen, int saltLength) {
        checkCommon(file, dklen, saltLength);
        if (n < 2 || n > SCRYPT_MAX_N || Long.bitCount(n) != 1) {
            throw refused(file, "scrypt n=" + n + " (allowed: a power of two from 2 to 2^20)");
        }
        if (r < 1 || r > SCRYPT_MAX_R || p < 1 || p > SCRYPT_MAX_P) {
            throw refused(file, "scrypt r=" + r + ", p=" + p + " (allowed: r 1..16, p 1..16)");
        }
        if (128L * n * r > SCRYPT_MAX_MEMORY_BYTES) {
            throw refused(file, "scrypt memory 128*n*r=" + (128L * n * r >> 20) + " MiB (allowed: at most 256 MiB)");
        }
        if (n * r * p > SCRYPT_MAX_WORK) {
            throw refused(file, "scrypt work n*r*p=" + n * r * p + " (allowed: at most 2^24)");
        }
    }

    static void checkPbkdf2(String file, String prf, long c, long dklen, int saltLength) {
        checkCommon(file, dklen, saltLength);
        if (!"hmac-sha256".equals(prf)) {
            throw refused(file, "pbkdf2 prf '" + prf + "' (allowed: hmac-sha256)");
        }
        if (c < 1 || c > PBKDF2_MAX_C) {
            throw refused(file, "pbkdf2 c=" + c + " (allowed: 1 to 10,000,000)");
        }
    }

    private static void checkCommon(String file, long dklen, int saltLength) {
        if (dklen != DKLEN) {
            throw refused(file, "dklen=" + dklen + " (allowed: 32)");
        }
        if (saltLength < SALT_MIN || saltLength > SALT_MAX) {
            throw refused(file, "salt of " + saltLength + " bytes (allowed: 8 to 128)");
        }
    }

    private static ChainUserError refused(String file, String what) {
        return new ChainUserError("keystore " + file + ": refusing KDF parameters " + what
                + "; re-export the key with standard parameters");
    }
}
