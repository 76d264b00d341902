package io.consilium.strategy.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Schema (draft 2020-12) of strategy YAML, generated from the same records and annotations the
 * binder validates with, so the schema and the validator cannot drift apart.
 */
public final class SchemaGenerator {
    private SchemaGenerator() {
    }

    public static Map<String, Object> schema() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", "https://consilium.io/schema/strategy.json");
        root.put("title", "Consilium strategy");
        root.putAll(record(RawConfig.class));
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) root.get("properties");
        Map<String, Object> type = new LinkedHashMap<>();
        type.put("description", "Strategy type.");
        type.put("enum", StrategyType.keys());
        props.put("type", type);
        List<Object> cases = new ArrayList<>();
        for (StrategyType t : StrategyType.values()) {
            Map<String, Object> params = record(t.paramsClass());
            params.put("description", t.description());
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("if", Map.of("properties", Map.of("type", Map.of("const", t.key()))));
            rule.put("then", Map.of("properties", Map.of("parameters", params)));
            cases.add(rule);
        }
        root.put("allOf", cases);
        return root;
    }

    static Map<String, Object> record(Class<?> c) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        if (c.isAnnotationPresent(Doc.class)) {
            s.put("description", c.getAnnotation(Doc.class).value());
        }
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent rc : c.getRecordComponents()) {
            Map<String, Object> p = type(rc.getGenericType());
            if (rc.isAnnotationPresent(Doc.class)) {
                p.put("description", rc.getAnnotation(Doc.class).value());
            }
            Range r = rc.getAnnotation(Range.class);
            if (r != null) {
                if (r.min() != Double.NEGATIVE_INFINITY) {
                    p.put("minimum", r.min());
                }
                if (r.max() != Double.POSITIVE_INFINITY) {
                    p.put("maximum", r.max());
                }
            }
            if (rc.isAnnotationPresent(Required.class)) {
                required.add(rc.getName());
            }
            props.put(rc.getName(), p);
        }
        s.put("properties", props);
        if (!required.isEmpty()) {
            s.put("required", required);
        }
        s.put("additionalProperties", false);
        return s;
    }

    static Map<String, Object> type(Type t) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (t instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            if (List.class.isAssignableFrom(raw)) {
                s.put("type", "array");
                s.put("items", type(pt.getActualTypeArguments()[0]));
            } else {
                s.put("type", "object");
                s.put("additionalProperties", type(pt.getActualTypeArguments()[1]));
            }
            return s;
        }
        Class<?> c = (Class<?>) t;
        if (c == String.class) {
            s.put("type", "string");
        } else if (c == Integer.class || c == Long.class || c == int.class) {
            s.put("type", "integer");
        } else if (c == Double.class || c == BigDecimal.class || c == double.class) {
            s.put("type", "number");
        } else if (c == Boolean.class) {
            s.put("type", "boolean");
        } else if (c == PoolKind.class) {
            s.put("enum", List.of("v2", "v3"));
        } else if (c == PoolSync.class) {
            s.put("enum", List.of("market", "none"));
        } else if (c.isRecord()) {
            return record(c);
        } else {
            s.put("type", "object");
        }
        return s;
    }
}
