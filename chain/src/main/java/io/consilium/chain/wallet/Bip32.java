package io.consilium.chain.wallet;

import io.consilium.chain.ChainUserError;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.ECPoint;

/**
 * BIP-32 hierarchical deterministic keys over secp256k1: master key from a seed (HMAC-SHA512 keyed
 * "Bitcoin seed"), private child derivation CKDpriv (hardened and normal), and xprv/xpub serialization.
 * This is the derivation MetaMask and Ledger use for m/44'/60'/0'/0/i.
 */
public final class Bip32 {
    public static final int HARDENED = 0x80000000;
    private static final int XPRV = 0x0488ADE4;
    private static final int XPUB = 0x0488B21E;
    private static final int TPRV = 0x04358394;
    private static final int TPUB = 0x043587CF;

    private Bip32() {}

    /** A node of the tree holding a private key; toString shows the depth and the path index only. */
    public static final class Node {
        private final byte[] key;
        private final byte[] chainCode;
        private final int depth;
        private final int parentFingerprint;
        private final int childNumber;

        private Node(byte[] key, byte[] chainCode, int depth, int parentFingerprint, int childNumber) {
            this.key = key;
            this.chainCode = chainCode;
            this.depth = depth;
            this.parentFingerprint = parentFingerprint;
            this.childNumber = childNumber;
        }

        /** CKDpriv; {@code index} with the top bit set is hardened. */
        public Node derive(int index) {
            byte[] data = new byte[37];
            if ((index & HARDENED) != 0) {
                System.arraycopy(key, 0, data, 1, 32);
            } else {
                System.arraycopy(compressedPublicKey(), 0, data, 0, 33);
            }
            ByteBuffer.wrap(data, 33, 4).putInt(index);
            byte[] i = hmacSha512(chainCode, data);
            Arrays.fill(data, (byte) 0);
            BigInteger il = new BigInteger(1, Arrays.copyOf(i, 32));
            BigInteger child = il.add(new BigInteger(1, key)).mod(Secp256k1.N);
            if (il.compareTo(Secp256k1.N) >= 0 || child.signum() == 0) {
                // probability below 2^-127; BIP-32 says to proceed with the next index
                Arrays.fill(i, (byte) 0);
                return derive(index + 1);
            }
            byte[] childKey = to32(child);
            Node n = new Node(childKey, Arrays.copyOfRange(i, 32, 64), depth + 1, fingerprint(), index);
            Arrays.fill(i, (byte) 0);
            return n;
        }

        /** Derives a path such as m/44'/60'/0'/0/3 (h or ' mark hardened steps). */
        public Node derivePath(String path) {
            String[] parts = path.trim().split("/");
            if (parts.length == 0 || !parts[0].equals("m")) {
                throw new ChainUserError("derivation path '" + path + "' must start with m/");
            }
            Node n = this;
            for (int k = 1; k < parts.length; k++) {
                String p = parts[k];
                boolean hardened = p.endsWith("'") || p.endsWith("h") || p.endsWith("H");
                String digits = hardened ? p.substring(0, p.length() - 1) : p;
                long idx;
                try {
                    idx = Long.parseLong(digits);
                } catch (NumberFormatException e) {
                    idx = -1;
                }
                if (idx < 0 || idx >= (1L << 31)) {
                    throw new ChainUserError("derivation path '" + path + "': step '" + p + "' is not an index 0..2^31-1");
                }
                Node next = n.derive((int) idx | (hardened ? HARDENED : 0));
                if (n != this) {
                    n.wipe();
                }
                n = next;
            }
            return n;
        }

        public PrivateKey privateKey() {
            return PrivateKey.of(key);
        }

        public String xprv() {
            byte[] k = new byte[33];
            System.arraycopy(key, 0, k, 1, 32);
            String s = serialize(XPRV, k);
            Arrays.fill(k, (byte) 0);
            return s;
        }

        public String xpub() {
            return serialize(XPUB, compressedPublicKey());
        }

        public void wipe() {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(chainCode, (byte) 0);
        }

        private String serialize(int version, byte[] key33) {
            ByteBuffer b = ByteBuffer.allocate(78);
            b.putInt(version).put((byte) depth).putInt(parentFingerprint).putInt(childNumber).put(chainCode).put(key33);
            byte[] payload = b.array();
            String s = Base58.encodeChecked(payload);
            Arrays.fill(payload, (byte) 0);
            return s;
        }

        private byte[] compressedPublicKey() {
            return Secp256k1.publicPoint(key).getEncoded(true);
        }

        private int fingerprint() {
            return ByteBuffer.wrap(hash160(compressedPublicKey())).getInt();
        }

        @Override
        public String toString() {
            return "Bip32.Node[depth=" + depth + ", child=" + Integer.toUnsignedString(childNumber & ~HARDENED)
                    + ((childNumber & HARDENED) != 0 ? "'" : "") + "]";
        }
    }

    /** The master node for a seed of 16 to 64 bytes. */
    public static Node master(byte[] seed) {
        if (seed.length < 16 || seed.length > 64) {
            throw new IllegalArgumentException("BIP-32 seed must be 16..64 bytes, got " + seed.length);
        }
        byte[] i = hmacSha512("Bitcoin seed".getBytes(java.nio.charset.StandardCharsets.US_ASCII), seed);
        BigInteger k = new BigInteger(1, Arrays.copyOf(i, 32));
        if (k.signum() == 0 || k.compareTo(Secp256k1.N) >= 0) {
            throw new IllegalArgumentException("seed gives an invalid master key; use another seed");
        }
        Node n = new Node(Arrays.copyOf(i, 32), Arrays.copyOfRange(i, 32, 64), 0, 0, 0);
        Arrays.fill(i, (byte) 0);
        return n;
    }

    /**
     * Checks a serialized extended key (xprv/xpub/tprv/tpub) against the BIP-32 rules and throws
     * IllegalArgumentException naming the first rule broken. The key itself never appears in the message.
     */
    public static void validateExtendedKey(String serialized) {
        byte[] p = Base58.decodeChecked(serialized);
        try {
            if (p.length != 78) {
                throw new IllegalArgumentException("extended key has " + p.length + " bytes, expected 78");
            }
            ByteBuffer b = ByteBuffer.wrap(p);
            int version = b.getInt();
            int depth = b.get() & 0xff;
            int parent = b.getInt();
            int child = b.getInt();
            boolean isPrivate = version == XPRV || version == TPRV;
            boolean isPublic = version == XPUB || version == TPUB;
            if (!isPrivate && !isPublic) {
                throw new IllegalArgumentException("unknown extended key version");
            }
            if (depth == 0 && parent != 0) {
                throw new IllegalArgumentException("zero depth with non-zero parent fingerprint");
            }
            if (depth == 0 && child != 0) {
                throw new IllegalArgumentException("zero depth with non-zero index");
            }
            byte[] key = Arrays.copyOfRange(p, 45, 78);
            if (isPrivate) {
                if (key[0] != 0) {
                    throw new IllegalArgumentException("invalid private key prefix");
                }
                BigInteger k = new BigInteger(1, Arrays.copyOfRange(key, 1, 33));
                if (k.signum() == 0 || k.compareTo(Secp256k1.N) >= 0) {
                    throw new IllegalArgumentException("private key not in 1..n-1");
                }
            } else {
                if (key[0] != 2 && key[0] != 3) {
                    throw new IllegalArgumentException("invalid public key prefix");
                }
                try {
                    ECPoint point = Secp256k1.CURVE.getCurve().decodePoint(key);
                    if (!point.isValid()) {
                        throw new IllegalArgumentException("invalid public key");
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("invalid public key");
                }
            }
        } finally {
            Arrays.fill(p, (byte) 0);
        }
    }

    private static byte[] hmacSha512(byte[] key, byte[] data) {
        HMac mac = new HMac(new SHA512Digest());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[64];
        mac.doFinal(out, 0);
        return out;
    }

    private static byte[] hash160(byte[] b) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(b);
            RIPEMD160Digest r = new RIPEMD160Digest();
            r.update(sha, 0, sha.length);
            byte[] out = new byte[20];
            r.doFinal(out, 0);
            return out;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] to32(BigInteger x) {
        byte[] raw = x.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }
}
