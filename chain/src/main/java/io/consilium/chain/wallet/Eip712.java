package io.consilium.chain.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.ChainUserError;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.crypto.Hash;

/**
 * EIP-712 typed structured data hashing: encodeType with referenced struct types sorted after the
 * primary one, encodeData with nested structs hashed in place, arrays (dynamic and fixed) hashed as the
 * concatenation of their encoded items, and the domain separator. The input is the JSON shape of
 * eth_signTypedData_v4 ({types, primaryType, domain, message}).
 */
public final class Eip712 {
    private static final Pattern ARRAY = Pattern.compile("^(.*)\\[(\\d*)]$");
    private static final Pattern INT = Pattern.compile("^(u?)int(\\d*)$");
    private static final Pattern FIXED_BYTES = Pattern.compile("^bytes(\\d+)$");
    private static final String DOMAIN = "EIP712Domain";
    private static final List<Field> DEFAULT_DOMAIN_ORDER = List.of(new Field("name", "string"), new Field("version", "string"),
            new Field("chainId", "uint256"), new Field("verifyingContract", "address"), new Field("salt", "bytes32"));

    private Eip712() {}

    public record Field(String name, String type) {}

    /** Parsed typed data; types keep their declared field order. */
    public record TypedData(Map<String, List<Field>> types, String primaryType, JsonNode domain, JsonNode message) {
        public static TypedData parse(JsonNode root) {
            JsonNode typesNode = require(root, "types");
            Map<String, List<Field>> types = new LinkedHashMap<>();
            typesNode.properties().forEach(e -> {
                List<Field> fields = new ArrayList<>();
                for (JsonNode f : e.getValue()) {
                    fields.add(new Field(require(f, "name").asText(), require(f, "type").asText()));
                }
                types.put(e.getKey(), fields);
            });
            JsonNode domain = require(root, "domain");
            if (!types.containsKey(DOMAIN)) {
                // wallets accept a domain without its type declaration: derive it from the fields present
                List<Field> fields = new ArrayList<>();
                for (Field f : DEFAULT_DOMAIN_ORDER) {
                    if (domain.has(f.name())) {
                        fields.add(f);
                    }
                }
                types.put(DOMAIN, fields);
            }
            String primary = require(root, "primaryType").asText();
            if (!types.containsKey(primary)) {
                throw new ChainUserError("EIP-712 typed data: primaryType '" + primary + "' is not declared in types");
            }
            return new TypedData(types, primary, domain, require(root, "message"));
        }
    }

    /** keccak256("\x19\x01" || domainSeparator || hashStruct(message)): the digest that is signed. */
    public static byte[] signHash(TypedData data) {
        byte[] buf = new byte[66];
        buf[0] = 0x19;
        buf[1] = 0x01;
        System.arraycopy(domainSeparator(data), 0, buf, 2, 32);
        System.arraycopy(hashStruct(data, data.primaryType(), data.message()), 0, buf, 34, 32);
        return Hash.sha3(buf);
    }

    public static byte[] domainSeparator(TypedData data) {
        return hashStruct(data, DOMAIN, data.domain());
    }

    public static byte[] hashStruct(TypedData data, String type, JsonNode value) {
        return Hash.sha3(encodeData(data, type, value));
    }

    public static byte[] typeHash(TypedData data, String type) {
        return Hash.sha3(encodeType(data, type).getBytes(StandardCharsets.UTF_8));
    }

    /** "Primary(t1 n1,...)" followed by every struct type it references, sorted by name. */
    public static String encodeType(TypedData data, String primary) {
        TreeSet<String> deps = new TreeSet<>();
        collectDependencies(data, primary, deps);
        deps.remove(primary);
        StringBuilder sb = new StringBuilder();
        appendType(sb, data, primary);
        for (String d : deps) {
            appendType(sb, data, d);
        }
        return sb.toString();
    }

    public static byte[] encodeData(TypedData data, String type, JsonNode value) {
        List<Field> fields = data.types().get(type);
        if (fields == null) {
            throw new ChainUserError("EIP-712 typed data: type '" + type + "' is not declared in types");
        }
        if (value == null || !value.isObject()) {
            throw new ChainUserError("EIP-712 typed data: a value of struct type " + type + " must be a JSON object");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * (fields.size() + 1));
        out.writeBytes(typeHash(data, type));
        for (Field f : fields) {
            JsonNode v = value.get(f.name());
            if (v == null || v.isNull()) {
                throw new ChainUserError("EIP-712 typed data: " + type + "." + f.name() + " is missing");
            }
            out.writeBytes(encodeValue(data, f.type(), v, type + "." + f.name()));
        }
        return out.toByteArray();
    }

    private static byte[] encodeValue(TypedData data, String type, JsonNode v, String where) {
        Matcher array = ARRAY.matcher(type);
        if (array.matches()) {
            if (!v.isArray()) {
                throw new ChainUserError("EIP-712 typed data: " + where + " must be an array of " + array.group(1));
            }
            if (!array.group(2).isEmpty() && v.size() != Integer.parseInt(array.group(2))) {
                throw new ChainUserError("EIP-712 typed data: " + where + " must have " + array.group(2) + " items");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (JsonNode item : v) {
                out.writeBytes(encodeValue(data, array.group(1), item, where + "[]"));
            }
            return Hash.sha3(out.toByteArray());
        }
        if (data.types().containsKey(type)) {
            return hashStruct(data, type, v);
        }
        switch (type) {
            case "string":
                return Hash.sha3(v.asText().getBytes(StandardCharsets.UTF_8));
            case "bytes":
                return Hash.sha3(hexBytes(v.asText(), where));
            case "bool":
                return word(v.asBoolean() ? BigInteger.ONE : BigInteger.ZERO);
            case "address": {
                byte[] a = hexBytes(v.asText(), where);
                if (a.length != 20) {
                    throw new ChainUserError("EIP-712 typed data: " + where + " is not a 20-byte address");
                }
                return leftPad(a);
            }
            default:
                break;
        }
        Matcher fixed = FIXED_BYTES.matcher(type);
        if (fixed.matches()) {
            byte[] b = hexBytes(v.asText(), where);
            int n = Integer.parseInt(fixed.group(1));
            if (n < 1 || n > 32 || b.length > n) {
                throw new ChainUserError("EIP-712 typed data: " + where + " does not fit " + type);
            }
            byte[] out = new byte[32];
            System.arraycopy(b, 0, out, 0, b.length);
            return out;
        }
        Matcher integer = INT.matcher(type);
        if (integer.matches()) {
            int bits = integer.group(2).isEmpty() ? 256 : Integer.parseInt(integer.group(2));
            BigInteger x = number(v, where);
            boolean unsigned = !integer.group(1).isEmpty();
            boolean fits = unsigned ? x.signum() >= 0 && x.bitLength() <= bits : x.bitLength() < bits;
            if (!fits || bits % 8 != 0 || bits < 8 || bits > 256) {
                throw new ChainUserError("EIP-712 typed data: " + where + " = " + x + " does not fit " + type);
            }
            return word(x);
        }
        throw new ChainUserError("EIP-712 typed data: unknown type '" + type + "' at " + where);
    }

    private static void collectDependencies(TypedData data, String type, TreeSet<String> found) {
        String base = baseType(type);
        if (!data.types().containsKey(base) || !found.add(base)) {
            return;
        }
        for (Field f : data.types().get(base)) {
            collectDependencies(data, f.type(), found);
        }
    }

    private static String baseType(String type) {
        Matcher m = ARRAY.matcher(type);
        return m.matches() ? baseType(m.group(1)) : type;
    }

    private static void appendType(StringBuilder sb, TypedData data, String type) {
        sb.append(type).append('(');
        List<Field> fields = data.types().get(type);
        for (int i = 0; i < fields.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(fields.get(i).type()).append(' ').append(fields.get(i).name());
        }
        sb.append(')');
    }

    private static BigInteger number(JsonNode v, String where) {
        try {
            if (v.isIntegralNumber()) {
                return v.bigIntegerValue();
            }
            String s = v.asText().trim();
            boolean neg = s.startsWith("-");
            String digits = neg ? s.substring(1) : s;
            BigInteger x = digits.startsWith("0x") || digits.startsWith("0X")
                    ? new BigInteger(digits.substring(2), 16) : new BigInteger(digits);
            return neg ? x.negate() : x;
        } catch (NumberFormatException e) {
            throw new ChainUserError("EIP-712 typed data: " + where + " is not an integer");
        }
    }

    /** 32-byte big-endian two's complement. */
    private static byte[] word(BigInteger x) {
        byte[] raw = x.toByteArray();
        byte[] out = new byte[32];
        if (x.signum() < 0) {
            java.util.Arrays.fill(out, (byte) 0xff);
        }
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    private static byte[] leftPad(byte[] b) {
        byte[] out = new byte[32];
        System.arraycopy(b, 0, out, 32 - b.length, b.length);
        return out;
    }

    private static byte[] hexBytes(String s, String where) {
        String h = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
        try {
            return HexFormat.of().parseHex(h.length() % 2 == 1 ? "0" + h : h);
        } catch (IllegalArgumentException e) {
            throw new ChainUserError("EIP-712 typed data: " + where + " is not hex");
        }
    }

    private static JsonNode require(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || v.isNull()) {
            throw new ChainUserError("EIP-712 typed data: field '" + field + "' is missing");
        }
        return v;
    }
}
