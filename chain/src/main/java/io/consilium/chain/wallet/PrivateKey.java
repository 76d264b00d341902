package io.consilium.chain.wallet;

import io.consilium.chain.domain.Address;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A secp256k1 private key held as 32 bytes. It never prints itself: {@link #toString()} shows the
 * address only, and {@link #destroy()} zeroes the bytes once the key is no longer needed.
 */
public final class PrivateKey {
    private final byte[] key;
    private final Address address;
    private volatile boolean destroyed;

    private PrivateKey(byte[] key32) {
        this.key = key32;
        this.address = Secp256k1.address(key32);
    }

    /** Copies the bytes (left-padding keys shorter than 32 bytes); the caller should wipe its own copy. */
    public static PrivateKey of(byte[] key) {
        if (key.length == 0 || key.length > 32) {
            throw new IllegalArgumentException("a private key has 1 to 32 bytes, got " + key.length);
        }
        byte[] k = new byte[32];
        System.arraycopy(key, 0, k, 32 - key.length, key.length);
        BigInteger d = new BigInteger(1, k);
        if (d.signum() == 0 || d.compareTo(Secp256k1.N) >= 0) {
            Arrays.fill(k, (byte) 0);
            throw new IllegalArgumentException("private key out of range for secp256k1");
        }
        return new PrivateKey(k);
    }

    public Address address() {
        return address;
    }

    /** The raw bytes, for the wallet package's own signing and encryption code only. */
    byte[] bytes() {
        if (destroyed) {
            throw new IllegalStateException("private key of " + address + " was destroyed");
        }
        return key;
    }

    public void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public String toString() {
        return "PrivateKey[" + address + "]";
    }
}
