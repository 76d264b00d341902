package io.consilium.chain.rpc;

import java.math.BigInteger;
import java.util.HexFormat;

/** 0x-prefixed hex as JSON-RPC speaks it: quantities without leading zeros, data as even-length bytes. */
public final class Hex {
    private static final HexFormat HEX = HexFormat.of();

    private Hex() {}

    public static String quantity(BigInteger v) {
        if (v.signum() < 0) {
            throw new IllegalArgumentException("negative quantity: " + v);
        }
        return "0x" + v.toString(16);
    }

    public static String quantity(long v) {
        return quantity(BigInteger.valueOf(v));
    }

    public static BigInteger toBigInteger(String hex) {
        String s = strip(hex);
        return s.isEmpty() ? BigInteger.ZERO : new BigInteger(s, 16);
    }

    public static long toLong(String hex) {
        return toBigInteger(hex).longValueExact();
    }

    public static String data(byte[] bytes) {
        return "0x" + HEX.formatHex(bytes);
    }

    public static byte[] bytes(String hex) {
        String s = strip(hex);
        if ((s.length() & 1) == 1) {
            s = "0" + s;
        }
        return HEX.parseHex(s);
    }

    private static String strip(String hex) {
        if (hex == null) {
            throw new IllegalArgumentException("null hex");
        }
        return hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    }
}
