package io.consilium.chain.abi;

import io.consilium.chain.domain.Address;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Solidity ABI encoding and decoding of values for an {@link AbiType}. Java values: integers are
 * {@link BigInteger}, addresses {@link Address}, bool {@link Boolean}, bytes/bytesN {@code byte[]},
 * string {@link String}, arrays and tuples {@code List<Object>}. Decoding checks every offset and length
 * against the data, since calldata under inspection may be hostile.
 */
public final class AbiCodec {
    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
    private static final int MAX_ELEMENTS = 1 << 20;

    private AbiCodec() {}

    public static byte[] encode(AbiType type, Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(type, value, out);
        return out.toByteArray();
    }

    public static Object decode(AbiType type, byte[] data) {
        return read(type, data, 0, 0);
    }

    // ---------------------------------------------------------------- encoding

    private static void write(AbiType type, Object value, ByteArrayOutputStream out) {
        switch (type) {
            case AbiType.Uint u -> out.writeBytes(word(uint(value, u.bits())));
            case AbiType.Int i -> out.writeBytes(word(sint(value, i.bits())));
            case AbiType.AddressType a -> out.writeBytes(word(new BigInteger(1, address(value))));
            case AbiType.Bool b -> out.writeBytes(word(bool(value) ? BigInteger.ONE : BigInteger.ZERO));
            case AbiType.FixedBytes f -> {
                byte[] b = bytes(value);
                if (b.length != f.length()) {
                    throw new AbiException(f.canonical() + " needs " + f.length() + " bytes, got " + b.length);
                }
                out.writeBytes(Arrays.copyOf(b, 32));
            }
            case AbiType.Bytes b -> writeDynamicBytes(bytes(value), out);
            case AbiType.Str s -> writeDynamicBytes(String.valueOf(value).getBytes(StandardCharsets.UTF_8), out);
            case AbiType.Array a -> {
                List<Object> items = list(value);
                if (a.length() >= 0 && items.size() != a.length()) {
                    throw new AbiException(a.canonical() + " needs " + a.length() + " items, got " + items.size());
                }
                if (a.length() < 0) {
                    out.writeBytes(word(BigInteger.valueOf(items.size())));
                }
                writeTuple(java.util.Collections.nCopies(items.size(), a.element()), items, out);
            }
            case AbiType.Tuple t -> {
                List<Object> items = list(value);
                if (items.size() != t.components().size()) {
                    throw new AbiException(t.canonical() + " needs " + t.components().size() + " values, got " + items.size());
                }
                writeTuple(t.components(), items, out);
            }
        }
    }

    private static void writeTuple(List<AbiType> types, List<Object> values, ByteArrayOutputStream out) {
        int headLen = types.stream().mapToInt(AbiType::headSize).sum();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        for (int i = 0; i < types.size(); i++) {
            AbiType t = types.get(i);
            if (t.isDynamic()) {
                head.writeBytes(word(BigInteger.valueOf(headLen + tail.size())));
                write(t, values.get(i), tail);
            } else {
                write(t, values.get(i), head);
            }
        }
        out.writeBytes(head.toByteArray());
        out.writeBytes(tail.toByteArray());
    }

    private static void writeDynamicBytes(byte[] b, ByteArrayOutputStream out) {
        out.writeBytes(word(BigInteger.valueOf(b.length)));
        out.writeBytes(Arrays.copyOf(b, (b.length + 31) / 32 * 32));
    }

    static byte[] word(BigInteger v) {
        BigInteger u = v.signum() < 0 ? v.add(TWO_256) : v;
        byte[] raw = u.toByteArray();
        byte[] w = new byte[32];
        int len = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - len, w, 32 - len, len);
        return w;
    }

    private static BigInteger uint(Object v, int bits) {
        BigInteger b = integer(v);
        if (b.signum() < 0 || b.bitLength() > bits) {
            throw new AbiException(b + " does not fit uint" + bits);
        }
        return b;
    }

    private static BigInteger sint(Object v, int bits) {
        BigInteger b = integer(v);
        if (b.bitLength() > bits - 1) {
            throw new AbiException(b + " does not fit int" + bits);
        }
        return b;
    }

    private static BigInteger integer(Object v) {
        return switch (v) {
            case BigInteger b -> b;
            case Long l -> BigInteger.valueOf(l);
            case Integer i -> BigInteger.valueOf(i);
            case Short s -> BigInteger.valueOf(s);
            case String s when s.startsWith("0x") -> new BigInteger(s.substring(2), 16);
            case String s -> new BigInteger(s);
            case null, default -> throw new AbiException("not an integer: " + v);
        };
    }

    private static byte[] address(Object v) {
        Address a = switch (v) {
            case Address x -> x;
            case String s -> Address.of(s);
            case null, default -> throw new AbiException("not an address: " + v);
        };
        return HexFormat.of().parseHex(a.hex().substring(2));
    }

    private static boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw new AbiException("not a bool: " + v);
    }

    private static byte[] bytes(Object v) {
        return switch (v) {
            case byte[] b -> b;
            case String s when s.startsWith("0x") -> HexFormat.of().parseHex(s.substring(2));
            case null, default -> throw new AbiException("not bytes (want byte[] or 0x-hex): " + v);
        };
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object v) {
        return switch (v) {
            case List<?> l -> (List<Object>) l;
            case Object[] a -> Arrays.asList(a);
            case null, default -> throw new AbiException("not a list of values: " + v);
        };
    }

    // ---------------------------------------------------------------- decoding

    /** Reads {@code type} whose head is at {@code pos}; {@code base} is where the enclosing tuple starts. */
    private static Object read(AbiType type, byte[] d, int base, int pos) {
        return switch (type) {
            case AbiType.Uint u -> {
                BigInteger v = new BigInteger(1, slice(d, pos, 32));
                if (v.bitLength() > u.bits()) {
                    throw new AbiException("value does not fit " + u.canonical() + " at byte " + pos);
                }
                yield v;
            }
            case AbiType.Int i -> {
                BigInteger v = new BigInteger(slice(d, pos, 32));
                if (v.bitLength() > i.bits() - 1) {
                    throw new AbiException("value does not fit " + i.canonical() + " at byte " + pos);
                }
                yield v;
            }
            case AbiType.AddressType a -> {
                byte[] w = slice(d, pos, 32);
                for (int k = 0; k < 12; k++) {
                    if (w[k] != 0) {
                        throw new AbiException("dirty high bytes in address at byte " + pos);
                    }
                }
                yield Address.of("0x" + HexFormat.of().formatHex(w, 12, 32));
            }
            case AbiType.Bool b -> {
                BigInteger v = new BigInteger(1, slice(d, pos, 32));
                if (v.compareTo(BigInteger.ONE) > 0) {
                    throw new AbiException("bool is neither 0 nor 1 at byte " + pos);
                }
                yield v.signum() == 1;
            }
            case AbiType.FixedBytes f -> Arrays.copyOf(slice(d, pos, 32), f.length());
            case AbiType.Bytes b -> readDynamicBytes(d, offset(d, base, pos));
            case AbiType.Str s -> new String(readDynamicBytes(d, offset(d, base, pos)), StandardCharsets.UTF_8);
            case AbiType.Array a -> {
                int start = a.isDynamic() ? offset(d, base, pos) : pos;
                int n = a.length();
                if (n < 0) {
                    n = count(d, start);
                    start += 32;
                }
                yield readTuple(java.util.Collections.nCopies(n, a.element()), d, start);
            }
            case AbiType.Tuple t -> readTuple(t.components(), d, t.isDynamic() ? offset(d, base, pos) : pos);
        };
    }

    /** Top-level tuple read: the head starts at {@code start} and offsets are relative to it. */
    static List<Object> readTuple(List<AbiType> types, byte[] d, int start) {
        List<Object> out = new ArrayList<>(types.size());
        int pos = start;
        for (AbiType t : types) {
            out.add(read(t, d, start, pos));
            pos += t.headSize();
        }
        return out;
    }

    private static int offset(byte[] d, int base, int pos) {
        BigInteger off = new BigInteger(1, slice(d, pos, 32));
        if (off.bitLength() > 31 || base + off.intValue() > d.length || base + off.intValue() < 0) {
            throw new AbiException("offset out of range at byte " + pos);
        }
        return base + off.intValue();
    }

    private static int count(byte[] d, int pos) {
        BigInteger n = new BigInteger(1, slice(d, pos, 32));
        if (n.bitLength() > 31 || n.intValue() > MAX_ELEMENTS || (long) n.intValue() * 32 > d.length) {
            throw new AbiException("array length out of range at byte " + pos);
        }
        return n.intValue();
    }

    private static byte[] readDynamicBytes(byte[] d, int pos) {
        BigInteger n = new BigInteger(1, slice(d, pos, 32));
        if (n.bitLength() > 31) {
            throw new AbiException("bytes length out of range at byte " + pos);
        }
        return slice(d, pos + 32, n.intValue());
    }

    private static byte[] slice(byte[] d, int pos, int len) {
        if (pos < 0 || len < 0 || (long) pos + len > d.length) {
            throw new AbiException("data too short: need " + len + " bytes at " + pos + ", have " + d.length);
        }
        return Arrays.copyOfRange(d, pos, pos + len);
    }
}
