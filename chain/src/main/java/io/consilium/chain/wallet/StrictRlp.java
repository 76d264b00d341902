package io.consilium.chain.wallet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An RLP decoder that rejects every non-canonical encoding (a single byte below 0x80 wrapped in a
 * string header, long-form lengths under 56 or with leading zeros, trailing bytes): signed bytes from
 * outside must have exactly one reading. Items are byte[] or List of items.
 */
final class StrictRlp {
    private StrictRlp() {}

    static final class RlpException extends IllegalArgumentException {
        RlpException(String m) {
            super(m);
        }
    }

    static Object decode(byte[] in, int from) {
        int[] pos = {from};
        Object item = item(in, pos, in.length);
        if (pos[0] != in.length) {
            throw new RlpException("trailing bytes after the RLP item");
        }
        return item;
    }

    private static Object item(byte[] in, int[] pos, int end) {
        if (pos[0] >= end) {
            throw new RlpException("unexpected end of input");
        }
        int b = in[pos[0]] & 0xff;
        if (b < 0x80) {
            pos[0]++;
            return new byte[] {(byte) b};
        }
        if (b < 0xb8) {
            int len = b - 0x80;
            int start = pos[0] + 1;
            checkBounds(start, len, end);
            if (len == 1 && (in[start] & 0xff) < 0x80) {
                throw new RlpException("single byte below 0x80 must not have a string header");
            }
            pos[0] = start + len;
            return Arrays.copyOfRange(in, start, start + len);
        }
        if (b < 0xc0) {
            int lenOfLen = b - 0xb7;
            int len = longLength(in, pos[0] + 1, lenOfLen, end);
            int start = pos[0] + 1 + lenOfLen;
            checkBounds(start, len, end);
            pos[0] = start + len;
            return Arrays.copyOfRange(in, start, start + len);
        }
        int len;
        int start;
        if (b < 0xf8) {
            len = b - 0xc0;
            start = pos[0] + 1;
        } else {
            int lenOfLen = b - 0xf7;
            len = longLength(in, pos[0] + 1, lenOfLen, end);
            start = pos[0] + 1 + lenOfLen;
        }
        checkBounds(start, len, end);
        List<Object> items = new ArrayList<>();
        int[] p = {start};
        while (p[0] < start + len) {
            items.add(item(in, p, start + len));
        }
        pos[0] = start + len;
        return items;
    }

    private static int longLength(byte[] in, int at, int lenOfLen, int end) {
        checkBounds(at, lenOfLen, end);
        if (lenOfLen > 4 || in[at] == 0) {
            throw new RlpException("non-canonical long length");
        }
        long len = 0;
        for (int i = 0; i < lenOfLen; i++) {
            len = (len << 8) | (in[at + i] & 0xff);
        }
        if (len < 56 || len > Integer.MAX_VALUE) {
            throw new RlpException("non-canonical long length");
        }
        return (int) len;
    }

    private static void checkBounds(int start, int len, int end) {
        if (len < 0 || start + (long) len > end) {
            throw new RlpException("RLP item runs past the end of its container");
        }
    }
}
