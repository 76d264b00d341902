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
        type.put("enum", StrategyConfigs.allTypes());
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
        cases.add(llmCase(root, props));
        root.put("allOf", cases);
        return root;
    }

    /**
     * type llm has its own flat keys: the root lists both key sets (for completion), and the type
     * decides which are required and which are forbidden.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> llmCase(Map<String, Object> root, Map<String, Object> props) {
        Map<String, Object> llm = record(LlmStrategySpec.class);
        Map<String, Object> llmProps = (Map<String, Object>) llm.get("properties");
        List<String> llmRequired = (List<String>) llm.get("required");
        List<String> rawRequired = (List<String>) root.get("required");
        Map<String, Object> notLlm = new LinkedHashMap<>();
        Map<String, Object> onlyLlm = new LinkedHashMap<>();
        for (String k : props.keySet()) {
            if (!llmProps.containsKey(k)) {
                notLlm.put(k, false);
            }
        }
        for (Map.Entry<String, Object> e : llmProps.entrySet()) {
            if (!props.containsKey(e.getKey())) {
                onlyLlm.put(e.getKey(), false);
                props.put(e.getKey(), e.getValue());
            }
        }
        List<String> common = rawRequired.stream().filter(llmRequired::contains).toList();
        root.put("required", common);
        Map<String, Object> thenLlm = new LinkedHashMap<>();
        thenLlm.put("description", llm.get("description"));
        thenLlm.put("required", llmRequired);
        thenLlm.put("properties", notLlm);
        Map<String, Object> elseBuiltIn = new LinkedHashMap<>();
        elseBuiltIn.put("required", rawRequired);
        elseBuiltIn.put("properties", onlyLlm);
        Map<String, Object> rule = new LinkedHashMap<>();
        // ordered maps: the printed schema is the same on every run
        Map<String, Object> isLlm = new LinkedHashMap<>();
        isLlm.put("properties", Map.of("type", Map.of("const", LlmStrategySpec.TYPE)));
        isLlm.put("required", List.of("type"));
        rule.put("if", isLlm);
        rule.put("then", thenLlm);
        rule.put("else", elseBuiltIn);
        return rule;
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
        } else if (c == Integer.class || c == Long.class || c == int.class || c == long.class) {
            s.put("type", "integer");
        } else if (c == Double.class || c == BigDecimal.class || c == double.class) {
            s.put("type", "number");
        } else if (c == Boolean.class) {
            s.put("type", "boolean");
        } else if (c == DecimalAmount.class) {
            s.put("type", List.of("string", "number"));
            s.put("pattern", DecimalAmount.PATTERN);
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
