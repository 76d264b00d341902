package io.consilium.chain.abi;

import java.util.ArrayList;
import java.util.List;

/** Parses ABI type spellings and human function signatures such as {@code "exactInputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))"}. */
public final class AbiTypes {
    private AbiTypes() {}

    /** A parsed signature: function/event name and its parameter tuple. */
    public record Signature(String name, AbiType.Tuple params) {
        public String canonical() {
            return name + params.canonical();
        }
    }

    public static Signature parseSignature(String signature) {
        String s = signature.replace(" ", "");
        int open = s.indexOf('(');
        if (open <= 0 || !s.endsWith(")")) {
            throw new AbiException("not a function signature (want name(type,...)): " + signature);
        }
        String name = s.substring(0, open);
        if (!name.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
            throw new AbiException("bad function name in signature: " + signature);
        }
        AbiType t = parse(s.substring(open));
        return new Signature(name, (AbiType.Tuple) t);
    }

    public static AbiType parse(String type) {
        Parser p = new Parser(type.replace(" ", ""));
        AbiType t = p.type();
        if (p.pos != p.s.length()) {
            throw new AbiException("unexpected '" + p.s.substring(p.pos) + "' in ABI type " + type);
        }
        return t;
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        AbiType type() {
            AbiType base;
            if (pos < s.length() && s.charAt(pos) == '(') {
                base = tuple();
            } else {
                int start = pos;
                while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
                    pos++;
                }
                base = elementary(s.substring(start, pos));
            }
            while (pos < s.length() && s.charAt(pos) == '[') {
                int close = s.indexOf(']', pos);
                if (close < 0) {
                    throw new AbiException("unclosed [ in ABI type " + s);
                }
                String len = s.substring(pos + 1, close);
                base = new AbiType.Array(base, len.isEmpty() ? -1 : Integer.parseInt(len));
                pos = close + 1;
            }
            return base;
        }

        AbiType.Tuple tuple() {
            pos++; // '('
            List<AbiType> parts = new ArrayList<>();
            if (pos < s.length() && s.charAt(pos) == ')') {
                pos++;
                return new AbiType.Tuple(parts);
            }
            while (true) {
                parts.add(type());
                if (pos >= s.length()) {
                    throw new AbiException("unclosed ( in ABI type " + s);
                }
                char c = s.charAt(pos++);
                if (c == ')') {
                    return new AbiType.Tuple(parts);
                }
                if (c != ',') {
                    throw new AbiException("unexpected '" + c + "' in ABI type " + s);
                }
            }
        }

        static AbiType elementary(String t) {
            switch (t) {
                case "address": return new AbiType.AddressType();
                case "bool": return new AbiType.Bool();
                case "string": return new AbiType.Str();
                case "bytes": return new AbiType.Bytes();
                case "uint": return new AbiType.Uint(256);
                case "int": return new AbiType.Int(256);
                default: break;
            }
            try {
                if (t.startsWith("uint")) {
                    return new AbiType.Uint(bits(t, 4));
                }
                if (t.startsWith("int")) {
                    return new AbiType.Int(bits(t, 3));
                }
                if (t.startsWith("bytes")) {
                    int n = Integer.parseInt(t.substring(5));
                    if (n >= 1 && n <= 32) {
                        return new AbiType.FixedBytes(n);
                    }
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
            throw new AbiException("unknown ABI type '" + t + "'");
        }

        static int bits(String t, int prefix) {
            int b = Integer.parseInt(t.substring(prefix));
            if (b < 8 || b > 256 || b % 8 != 0) {
                throw new AbiException("bad bit size in ABI type " + t);
            }
            return b;
        }
    }
}
