package io.consilium.sandbox;

import java.math.BigInteger;
import java.util.HexFormat;

/** 0x-hex conversions for JSON-RPC quantities and data. */
public final class Hex {
    private Hex() {}

    public static String data(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }

    public static byte[] bytes(String hex) {
        if (hex == null || hex.isEmpty() || hex.equals("0x")) {
            return new byte[0];
        }
        String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (h.length() % 2 == 1) {
            h = "0" + h;
        }
        return HexFormat.of().parseHex(h);
    }

    public static String quantity(BigInteger v) {
        return "0x" + v.toString(16);
    }

    public static String quantity(long v) {
        return "0x" + Long.toHexString(v);
    }

    public static BigInteger big(String q) {
        if (q == null || q.isEmpty() || q.equals("0x")) {
            return BigInteger.ZERO;
        }
        return q.startsWith("0x") ? new BigInteger(q.substring(2).isEmpty() ? "0" : q.substring(2), 16) : new BigInteger(q);
    }

    /** 32-byte word, left-padded. */
    public static String word(BigInteger v) {
        String h = v.toString(16);
        return "0x" + "0".repeat(64 - h.length()) + h;
    }
}
