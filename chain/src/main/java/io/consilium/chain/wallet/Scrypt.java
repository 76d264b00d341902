package io.consilium.chain.wallet;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * scrypt (RFC 7914). Written here because BouncyCastle enforces the RFC's N < 2^(16r) rule and so
 * refuses geth's own test keystores (n=2^18 with r=1), which geth and MetaMask decrypt. Parameter
 * bounds are the caller's job ({@link KdfBounds}); this class only computes.
 */
final class Scrypt {
    private Scrypt() {}

    static byte[] derive(byte[] password, byte[] salt, int n, int r, int p, int dkLen) {
        if (n < 2 || Integer.bitCount(n) != 1 || r < 1 || p < 1) {
            throw new IllegalArgumentException("scrypt needs n a power of two >= 2, r >= 1, p >= 1");
        }
        int blockInts = 32 * r;
        byte[] b = pbkdf2(password, salt, p * 128 * r);
        int[] x = new int[blockInts];
        int[] v = new int[blockInts * n];
        int[] scratch = new int[16];
        int[] y = new int[blockInts];
        try {
            for (int i = 0; i < p; i++) {
                int off = i * 128 * r;
                for (int k = 0; k < blockInts; k++) {
                    x[k] = le32(b, off + 4 * k);
                }
                roMix(x, v, y, scratch, n, r);
                for (int k = 0; k < blockInts; k++) {
                    put32(b, off + 4 * k, x[k]);
                }
            }
            return pbkdf2(password, b, dkLen);
        } finally {
            Arrays.fill(b, (byte) 0);
            Arrays.fill(x, 0);
            Arrays.fill(v, 0);
            Arrays.fill(y, 0);
        }
    }

    private static void roMix(int[] x, int[] v, int[] y, int[] scratch, int n, int r) {
        int len = x.length;
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, 0, v, i * len, len);
            blockMix(x, y, scratch, r);
        }
        for (int i = 0; i < n; i++) {
            int j = x[len - 16] & (n - 1);
            int base = j * len;
            for (int k = 0; k < len; k++) {
                x[k] ^= v[base + k];
            }
            blockMix(x, y, scratch, r);
        }
    }

    /** BlockMix_salsa20/8: results of even blocks first, then odd ones. */
    private static void blockMix(int[] b, int[] y, int[] t, int r) {
        System.arraycopy(b, (2 * r - 1) * 16, t, 0, 16);
        for (int i = 0; i < 2 * r; i++) {
            for (int k = 0; k < 16; k++) {
                t[k] ^= b[i * 16 + k];
            }
            salsa208(t);
            int dest = ((i & 1) == 0 ? i / 2 : r + i / 2) * 16;
            System.arraycopy(t, 0, y, dest, 16);
        }
        System.arraycopy(y, 0, b, 0, b.length);
    }

    private static void salsa208(int[] b) {
        int x0 = b[0], x1 = b[1], x2 = b[2], x3 = b[3], x4 = b[4], x5 = b[5], x6 = b[6], x7 = b[7];
        int x8 = b[8], x9 = b[9], x10 = b[10], x11 = b[11], x12 = b[12], x13 = b[13], x14 = b[14], x15 = b[15];
        for (int i = 0; i < 8; i += 2) {
            x4 ^= Integer.rotateLeft(x0 + x12, 7);
            x8 ^= Integer.rotateLeft(x4 + x0, 9);
            x12 ^= Integer.rotateLeft(x8 + x4, 13);
            x0 ^= Integer.rotateLeft(x12 + x8, 18);
            x9 ^= Integer.rotateLeft(x5 + x1, 7);
            x13 ^= Integer.rotateLeft(x9 + x5, 9);
            x1 ^= Integer.rotateLeft(x13 + x9, 13);
            x5 ^= Integer.rotateLeft(x1 + x13, 18);
            x14 ^= Integer.rotateLeft(x10 + x6, 7);
            x2 ^= Integer.rotateLeft(x14 + x10, 9);
            x6 ^= Integer.rotateLeft(x2 + x14, 13);
            x10 ^= Integer.rotateLeft(x6 + x2, 18);
            x3 ^= Integer.rotateLeft(x15 + x11, 7);
            x7 ^= Integer.rotateLeft(x3 + x15, 9);
            x11 ^= Integer.rotateLeft(x7 + x3, 13);
            x15 ^= Integer.rotateLeft(x11 + x7, 18);
            x1 ^= Integer.rotateLeft(x0 + x3, 7);
            x2 ^= Integer.rotateLeft(x1 + x0, 9);
            x3 ^= Integer.rotateLeft(x2 + x1, 13);
            x0 ^= Integer.rotateLeft(x3 + x2, 18);
            x6 ^= Integer.rotateLeft(x5 + x4, 7);
            x7 ^= Integer.rotateLeft(x6 + x5, 9);
            x4 ^= Integer.rotateLeft(x7 + x6, 13);
            x5 ^= Integer.rotateLeft(x4 + x7, 18);
            x11 ^= Integer.rotateLeft(x10 + x9, 7);
            x8 ^= Integer.rotateLeft(x11 + x10, 9);
            x9 ^= Integer.rotateLeft(x8 + x11, 13);
            x10 ^= Integer.rotateLeft(x9 + x8, 18);
            x12 ^= Integer.rotateLeft(x15 + x14, 7);
            x13 ^= Integer.rotateLeft(x12 + x15, 9);
            x14 ^= Integer.rotateLeft(x13 + x12, 13);
            x15 ^= Integer.rotateLeft(x14 + x13, 18);
        }
        b[0] += x0; b[1] += x1; b[2] += x2; b[3] += x3; b[4] += x4; b[5] += x5; b[6] += x6; b[7] += x7;
        b[8] += x8; b[9] += x9; b[10] += x10; b[11] += x11; b[12] += x12; b[13] += x13; b[14] += x14; b[15] += x15;
    }

    private static byte[] pbkdf2(byte[] password, byte[] salt, int len) {
        PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA256Digest());
        gen.init(password, salt, 1);
        return ((KeyParameter) gen.generateDerivedParameters(len * 8)).getKey();
    }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    private static void put32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
