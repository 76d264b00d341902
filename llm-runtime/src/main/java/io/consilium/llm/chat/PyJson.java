package io.consilium.llm.chat;

import java.util.Collection;
import java.util.Map;

/**
 * JSON text exactly as the {@code tojson} filter of Hugging Face chat templates writes it: Python's
 * {@code json.dumps(x, ensure_ascii=False, indent=indent)}, i.e. ", " and ": " separators, or one
 * item per line when indented, and non-ASCII characters kept as they are.
 */
final class PyJson {
    private PyJson() {
    }

    static String dumps(Object value, Integer indent) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, indent, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, Integer indent, int depth) {
        switch (v) {
            case null -> sb.append("null");
            case CharSequence s -> string(sb, s.toString());
            case Boolean b -> sb.append(b ? "true" : "false");
            case Double d -> sb.append(pyFloat(d));
            case Float f -> sb.append(pyFloat(f.doubleValue()));
            case Number n -> sb.append(n);
            case Map<?, ?> m -> container(sb, m.entrySet(), '{', '}', indent, depth, true);
            case Collection<?> c -> container(sb, c, '[', ']', indent, depth, false);
            case Object[] arr -> container(sb, java.util.Arrays.asList(arr), '[', ']', indent, depth, false);
            default -> string(sb, v.toString());
        }
    }

    private static void container(StringBuilder sb, Collection<?> items, char open, char close, Integer indent,
                                  int depth, boolean map) {
        sb.append(open);
        if (items.isEmpty()) {
            sb.append(close);
            return;
        }
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                sb.append(indent == null ? ", " : ",");
            }
            first = false;
            if (indent != null) {
                newline(sb, indent, depth + 1);
            }
            if (map) {
                Map.Entry<?, ?> e = (Map.Entry<?, ?>) item;
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent, depth + 1);
            } else {
                write(sb, item, indent, depth + 1);
            }
        }
        if (indent != null) {
            newline(sb, indent, depth);
        }
        sb.append(close);
    }

    private static void newline(StringBuilder sb, int indent, int depth) {
        sb.append('\n');
        sb.append(" ".repeat(indent * depth));
    }

    private static String pyFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e16) {
            return String.valueOf((long) d) + ".0";
        }
        return String.valueOf(d);
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
