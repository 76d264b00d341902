package io.consilium.chain.wallet;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** Bitcoin Base58Check, used only for BIP-32 extended key serialization. */
final class Base58 {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger FIFTY_EIGHT = BigInteger.valueOf(58);

    private Base58() {}

    static String encodeChecked(byte[] payload) {
        byte[] full = Arrays.copyOf(payload, payload.length + 4);
        System.arraycopy(doubleSha256(payload), 0, full, payload.length, 4);
        StringBuilder sb = new StringBuilder();
        BigInteger x = new BigInteger(1, full);
        while (x.signum() > 0) {
            BigInteger[] qr = x.divideAndRemainder(FIFTY_EIGHT);
            sb.append(ALPHABET.charAt(qr[1].intValue()));
            x = qr[0];
        }
        for (int i = 0; i < full.length && full[i] == 0; i++) {
            sb.append('1');
        }
        return sb.reverse().toString();
    }

    /** Decodes and verifies the 4-byte checksum; throws IllegalArgumentException("invalid checksum") etc. */
    static byte[] decodeChecked(String s) {
        BigInteger x = BigInteger.ZERO;
        int zeros = 0;
        while (zeros < s.length() && s.charAt(zeros) == '1') {
            zeros++;
        }
        for (int i = 0; i < s.length(); i++) {
            int d = ALPHABET.indexOf(s.charAt(i));
            if (d < 0) {
                throw new IllegalArgumentException("not Base58");
            }
            x = x.multiply(FIFTY_EIGHT).add(BigInteger.valueOf(d));
        }
        byte[] mag = x.signum() == 0 ? new byte[0] : x.toByteArray();
        if (mag.length > 0 && mag[0] == 0) {
            mag = Arrays.copyOfRange(mag, 1, mag.length);
        }
        byte[] full = new byte[zeros + mag.length];
        System.arraycopy(mag, 0, full, zeros, mag.length);
        if (full.length < 4) {
            throw new IllegalArgumentException("too short");
        }
        byte[] payload = Arrays.copyOf(full, full.length - 4);
        byte[] check = Arrays.copyOf(doubleSha256(payload), 4);
        if (!MessageDigest.isEqual(check, Arrays.copyOfRange(full, full.length - 4, full.length))) {
            throw new IllegalArgumentException("invalid checksum");
        }
        return payload;
    }

    private static byte[] doubleSha256(byte[] b) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return md.digest(md.digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
