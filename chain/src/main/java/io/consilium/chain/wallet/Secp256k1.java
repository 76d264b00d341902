package io.consilium.chain.wallet;

import io.consilium.chain.domain.Address;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;

/**
 * secp256k1 operations on byte-array keys: public key and address derivation, deterministic
 * (RFC 6979) signing with low s, and sender recovery.
 */
public final class Secp256k1 {
    private static final X9ECParameters CURVE_PARAMS = CustomNamedCurves.getByName("secp256k1");
    static final ECDomainParameters CURVE = new ECDomainParameters(CURVE_PARAMS.getCurve(), CURVE_PARAMS.getG(),
            CURVE_PARAMS.getN(), CURVE_PARAMS.getH());
    public static final BigInteger N = CURVE_PARAMS.getN();
    static final BigInteger HALF_N = N.shiftRight(1);

    private Secp256k1() {}

    /** The public point for a private key. */
    static ECPoint publicPoint(byte[] key32) {
        return new FixedPointCombMultiplier().multiply(CURVE.getG(), new BigInteger(1, key32));
    }

    /** The 64-byte uncompressed public key (without the 0x04 prefix). */
    static byte[] publicKey(byte[] key32) {
        byte[] enc = publicPoint(key32).getEncoded(false);
        return Arrays.copyOfRange(enc, 1, 65);
    }

    static Address address(byte[] key32) {
        return addressOfPublicKey(publicKey(key32));
    }

    static Address addressOfPublicKey(byte[] pub64) {
        byte[] h = Hash.sha3(pub64);
        return Address.of("0x" + java.util.HexFormat.of().formatHex(h, 12, 32));
    }

    /** Signs a 32-byte hash; s is normalized to the lower half of the order (EIP-2). */
    public static Signature sign(byte[] hash32, PrivateKey key) {
        byte[] k = key.bytes();
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(new BigInteger(1, k), CURVE));
        BigInteger[] rs = signer.generateSignature(hash32);
        BigInteger r = rs[0];
        BigInteger s = rs[1].compareTo(HALF_N) > 0 ? N.subtract(rs[1]) : rs[1];
        byte[] expected = publicKey(k);
        for (int recId = 0; recId < 2; recId++) {
            BigInteger pub = Sign.recoverFromSignature(recId, new ECDSASignature(r, s), hash32);
            if (pub != null && Arrays.equals(expected, toBytes64(pub))) {
                return new Signature(recId, r, s);
            }
        }
        throw new IllegalStateException("could not compute a recovery id");
    }

    /** The address that produced the signature, or null if the signature does not recover. */
    public static Address recover(byte[] hash32, int recId, BigInteger r, BigInteger s) {
        if (recId < 0 || recId > 3 || r.signum() <= 0 || s.signum() <= 0 || r.compareTo(N) >= 0 || s.compareTo(N) >= 0) {
            return null;
        }
        BigInteger pub = Sign.recoverFromSignature(recId, new ECDSASignature(r, s), hash32);
        return pub == null ? null : addressOfPublicKey(toBytes64(pub));
    }

    private static byte[] toBytes64(BigInteger pub) {
        byte[] raw = pub.toByteArray();
        byte[] out = new byte[64];
        int n = Math.min(raw.length, 64);
        System.arraycopy(raw, raw.length - n, out, 64 - n, n);
        return out;
    }

    /** An ECDSA signature with its recovery id (y parity, 0 or 1). */
    public record Signature(int recId, BigInteger r, BigInteger s) {
        /** 65 bytes r || s || v with v = 27 + recId, the form eth_sign and EIP-712 wallets return. */
        public byte[] toRsv() {
            byte[] out = new byte[65];
            put32(r, out, 0);
            put32(s, out, 32);
            out[64] = (byte) (27 + recId);
            return out;
        }

        private static void put32(BigInteger x, byte[] out, int off) {
            byte[] raw = x.toByteArray();
            int n = Math.min(raw.length, 32);
            System.arraycopy(raw, raw.length - n, out, off + 32 - n, n);
        }
    }
}
