package io.consilium.chain.rpc;

import io.consilium.chain.domain.Address;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.web3j.crypto.Hash;

/**
 * A small Solidity ABI encoder for the calls this module makes itself (ERC-20, Uniswap, Multicall3).
 * Java values map to ABI types: {@link Address} → address; {@link BigInteger}/{@link Long}/{@link Integer}
 * → a 256-bit word (negative values as two's complement, which is right for every intN); {@link Boolean}
 * → bool; {@link Bytes32} → bytes32; {@code byte[]} → bytes; {@link String} → string; {@link List} →
 * a dynamic array T[]; {@link Tuple} → a struct. The richer, signature-driven codec is io.consilium.chain.abi.
 */
public final class Calldata {
    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

    private Calldata() {}

    /** A struct (Solidity tuple) argument. */
    public record Tuple(List<Object> fields) {
        public static Tuple of(Object... fields) {
            return new Tuple(Arrays.asList(fields));
        }
    }

    /** A fixed 32-byte value (bytes32). */
    public record Bytes32(byte[] value) {
        public Bytes32 {
            if (value.length != 32) {
                throw new IllegalArgumentException("bytes32 needs 32 bytes, got " + value.length);
            }
            value = value.clone();
        }
    }

    /** The 4-byte selector of a canonical signature such as {@code "transfer(address,uint256)"}. */
    public static byte[] selector(String signature) {
        return Arrays.copyOf(Hash.sha3(signature.getBytes(StandardCharsets.US_ASCII)), 4);
    }

    /** Selector followed by the ABI-encoded arguments. */
    public static byte[] call(String signature, Object... args) {
        byte[] sel = selector(signature);
        byte[] body = args(args);
        byte[] out = Arrays.copyOf(sel, 4 + body.length);
        System.arraycopy(body, 0, out, 4, body.length);
        return out;
    }

    /** The ABI encoding of an argument list (as for constructor arguments appended to init code). */
    public static byte[] args(Object... args) {
        return tuple(Arrays.asList(args));
    }

    private static byte[] tuple(List<?> values) {
        int headSize = 0;
        for (Object v : values) {
            headSize += isDynamic(v) ? 32 : encode(v).length;
        }
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        for (Object v : values) {
            byte[] enc = encode(v);
            if (isDynamic(v)) {
                head.writeBytes(word(BigInteger.valueOf(headSize + tail.size())));
                tail.writeBytes(enc);
            } else {
                head.writeBytes(enc);
            }
        }
        head.writeBytes(tail.toByteArray());
        return head.toByteArray();
    }

    private static boolean isDynamic(Object v) {
        return switch (v) {
            case byte[] b -> true;
            case String s -> true;
            case List<?> l -> true;
            case Tuple t -> t.fields().stream().anyMatch(Calldata::isDynamic);
            default -> false;
        };
    }

    private static byte[] encode(Object v) {
        return switch (v) {
            case Address a -> word(new BigInteger(1, Hex.bytes(a.hex())));
            case BigInteger i -> word(i);
            case Long l -> word(BigInteger.valueOf(l));
            case Integer i -> word(BigInteger.valueOf(i));
            case Boolean b -> word(b ? BigInteger.ONE : BigInteger.ZERO);
            case Bytes32 b -> b.value();
            case byte[] b -> bytes(b);
            case String s -> bytes(s.getBytes(StandardCharsets.UTF_8));
            case List<?> l -> concat(word(BigInteger.valueOf(l.size())), tuple(l));
            case Tuple t -> tuple(t.fields());
            case null -> throw new IllegalArgumentException("null ABI argument");
            default -> throw new IllegalArgumentException("no ABI mapping for " + v.getClass().getName());
        };
    }

    private static byte[] bytes(byte[] b) {
        int padded = (b.length + 31) / 32 * 32;
        return concat(word(BigInteger.valueOf(b.length)), Arrays.copyOf(b, padded));
    }

    static byte[] word(BigInteger v) {
        BigInteger w = v.signum() < 0 ? v.add(TWO_256) : v;
        if (w.signum() < 0 || w.bitLength() > 256) {
            throw new IllegalArgumentException("value does not fit in 256 bits: " + v);
        }
        byte[] raw = w.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        List<byte[]> list = new ArrayList<>(Arrays.asList(parts));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        list.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
