package io.consilium.strategy.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/** Applies {@link Required} and {@link Range} to a bound record tree, reporting the YAML position. */
final class AnnotationRules {
    private AnnotationRules() {
    }

    static void check(Object value, String pointer, Checks checks) {
        if (value == null) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                check(list.get(i), pointer + "/" + i, checks);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                check(e.getValue(), pointer + "/" + YamlLocations.escape(String.valueOf(e.getKey())), checks);
            }
            return;
        }
        if (!value.getClass().isRecord()) {
            return;
        }
        for (RecordComponent c : value.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
            String p = pointer + "/" + c.getName();
            if (v == null && c.isAnnotationPresent(Required.class)) {
                throw checks.error(pointer, "missing required key '" + c.getName() + "'"
                        + (c.isAnnotationPresent(Doc.class) ? " (" + c.getAnnotation(Doc.class).value() + ")" : ""));
            }
            Range r = c.getAnnotation(Range.class);
            if (r != null && v instanceof Number n) {
                double d = n.doubleValue();
                if (Double.isNaN(d) || d < r.min() || d > r.max()) {
                    throw checks.error(p, n + " is out of range: allowed " + bounds(r));
                }
            }
            check(v, p, checks);
        }
    }

    private static String bounds(Range r) {
        boolean lo = r.min() != Double.NEGATIVE_INFINITY;
        boolean hi = r.max() != Double.POSITIVE_INFINITY;
        if (lo && hi) {
            return fmt(r.min()) + " to " + fmt(r.max());
        }
        return lo ? ">= " + fmt(r.min()) : "<= " + fmt(r.max());
    }

    static String fmt(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
