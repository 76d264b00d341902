package io.consilium.chain.abi;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.web3j.crypto.Hash;

/**
 * The ABI facade: selectors, calls encoded from a human signature, calldata and return data decoded.
 * <pre>
 *   byte[] data = Abi.encodeCall("approve(address,uint256)", spender, amount);
 *   DecodedCall c = Abi.decodeCall("approve(address,uint256)", data);  // c.args() = [Address, BigInteger]
 * </pre>
 * Keccak comes from web3j; the codec is our own because web3j decodes tuples only into generated
 * classes, and the sandbox must decode arbitrary (possibly hostile) calldata by signature.
 */
public final class Abi {
    /** Parsed signatures and selectors, cached: policy checks ask for the same few thousands of times. */
    private static final java.util.Map<String, AbiTypes.Signature> SIGNATURES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<String, byte[]> SELECTORS = new java.util.concurrent.ConcurrentHashMap<>();

    private Abi() {}

    private static AbiTypes.Signature signature(String s) {
        AbiTypes.Signature sig = SIGNATURES.get(s);
        if (sig == null) {
            sig = AbiTypes.parseSignature(s);
            if (SIGNATURES.size() < 10_000) {
                SIGNATURES.put(s, sig);
            }
        }
        return sig;
    }

    public static byte[] keccak(byte[] data) {
        return Hash.sha3(data);
    }

    /** The 4-byte selector of a function signature (canonicalised first, so spaces and "uint" are fine). */
    public static byte[] selector(String signature) {
        byte[] sel = SELECTORS.get(signature);
        if (sel == null) {
            sel = Arrays.copyOf(keccak(signature(signature).canonical().getBytes()), 4);
            if (SELECTORS.size() < 10_000) {
                SELECTORS.put(signature, sel);
            }
        }
        return sel.clone();
    }

    public static String selectorHex(String signature) {
        return "0x" + HexFormat.of().formatHex(selector(signature));
    }

    /** topic0 of an event signature, e.g. {@code Transfer(address,address,uint256)}. */
    public static byte[] eventTopic(String signature) {
        return keccak(AbiTypes.parseSignature(signature).canonical().getBytes());
    }

    /** Selector + ABI-encoded arguments. */
    public static byte[] encodeCall(String signature, Object... args) {
        AbiTypes.Signature sig = signature(signature);
        byte[] sel = selector(signature);
        byte[] body = AbiCodec.encode(sig.params(), List.of(args));
        byte[] out = Arrays.copyOf(sel, 4 + body.length);
        System.arraycopy(body, 0, out, 4, body.length);
        return out;
    }

    /** ABI-encodes values for a parameter list such as {@code "(address,uint256)"} (no selector). */
    public static byte[] encodeArgs(String types, Object... args) {
        return AbiCodec.encode(AbiTypes.parse(types), List.of(args));
    }

    /** Decodes calldata by signature; fails if the selector differs or the data does not fit. */
    public static DecodedCall decodeCall(String signature, byte[] calldata) {
        AbiTypes.Signature sig = signature(signature);
        byte[] sel = selector(signature);
        if (calldata.length < 4 || !Arrays.equals(sel, 0, 4, calldata, 0, 4)) {
            throw new AbiException("calldata selector " + selectorOf(calldata) + " is not " + sig.canonical());
        }
        byte[] body = Arrays.copyOfRange(calldata, 4, calldata.length);
        return new DecodedCall(sig.canonical(), "0x" + HexFormat.of().formatHex(sel),
                AbiCodec.readTuple(sig.params().components(), body, 0));
    }

    /** Decodes when the selector matches, empty otherwise (a decoding failure is still an exception). */
    public static Optional<DecodedCall> tryDecodeCall(String signature, byte[] calldata) {
        byte[] sel = selector(signature);
        if (calldata.length < 4 || !Arrays.equals(sel, 0, 4, calldata, 0, 4)) {
            return Optional.empty();
        }
        return Optional.of(decodeCall(signature, calldata));
    }

    /** Decodes return data (or event data) for a parameter list such as {@code "(uint256,address)"}. */
    public static List<Object> decode(String types, byte[] data) {
        AbiType t = AbiTypes.parse(types);
        AbiType.Tuple tuple = t instanceof AbiType.Tuple tt ? tt : new AbiType.Tuple(List.of(t));
        return AbiCodec.readTuple(tuple.components(), data, 0);
    }

    /** "0x" + the first 4 bytes, or "0x" for calldata shorter than a selector. */
    public static String selectorOf(byte[] calldata) {
        return "0x" + HexFormat.of().formatHex(calldata, 0, Math.min(4, calldata.length));
    }
}
