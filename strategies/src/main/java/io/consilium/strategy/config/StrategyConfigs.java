package io.consilium.strategy.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.consilium.strategy.StrategyUserError;
import io.consilium.strategy.config.params.StrategyParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads strategy YAML into validated {@link StrategyConfig} records. Every error a user can make
 * (bad YAML, unknown key, wrong type, value out of range, a reference to an undeclared asset or
 * pool) is a {@link StrategyUserError} naming file:line:col, the key and the fix.
 */
public final class StrategyConfigs {
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private StrategyConfigs() {
    }

    /** A strategy this module runs (backtest, sweep, the daemon's rule strategies); {@code type: llm} is refused. */
    public static StrategyConfig load(Path file) {
        return parse(read(file), file.toString(), file);
    }

    /**
     * Checks any strategy file, including {@code type: llm} (which only the daemon runs): the bound
     * {@link StrategyConfig} or {@link LlmStrategySpec}.
     */
    public static Record validate(Path file) {
        return parseAny(read(file), file.toString(), file);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new StrategyUserError(file + ": strategy file not found; check the path");
        } catch (IOException e) {
            throw new StrategyUserError(file + ": cannot read strategy file: " + e.getMessage());
        }
    }

    /** Binds YAML text; {@code fileName} prefixes every error message. */
    public static StrategyConfig parse(String yaml, String fileName, Path source) {
        if (parseAny(yaml, fileName, source) instanceof StrategyConfig c) {
            return c;
        }
        throw new StrategyUserError(fileName + ": type " + LlmStrategySpec.TYPE
                + " needs the model; run it in the daemon (consilium run), it cannot be backtested");
    }

    static Record parseAny(String yaml, String fileName, Path source) {
        YamlLocations loc;
        JsonNode tree;
        try {
            loc = YamlLocations.index(yaml);
            tree = YAML.readTree(yaml);
        } catch (JacksonException e) {
            JsonLocation l = e.getLocation();
            String where = l == null ? "" : l.getLineNr() + ":" + l.getColumnNr() + ": ";
            throw new StrategyUserError(fileName + ":" + where + "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new StrategyUserError(fileName + ": cannot parse: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new StrategyUserError(fileName + ":1:1: a strategy file is a YAML mapping (name:, type:, ...)");
        }
        Checks checks = new Checks(fileName, loc, java.util.Set.of(), null, List.of());
        if (LlmStrategySpec.TYPE.equals(tree.path("type").asText())) {
            return llm(tree, checks, loc, fileName);
        }
        RawConfig raw = bind(tree, RawConfig.class, "", checks, loc, fileName);
        AnnotationRules.check(raw, "", checks);

        StrategyType type = StrategyType.byKey(raw.type());
        if (type == null) {
            throw checks.error("/type", "unknown strategy type '" + raw.type() + "'"
                    + DidYouMean.hint(raw.type(), allTypes()) + "; one of " + allTypes());
        }
        JsonNode paramsNode = raw.parameters() == null ? JsonNodeFactory.instance.objectNode() : raw.parameters();
        StrategyParams params = bind(paramsNode, type.paramsClass(), "/parameters", checks, loc, fileName);
        AnnotationRules.check(params, "/parameters", checks);

        Checks full = new Checks(fileName, loc, raw.assets().keySet(), raw.quote(), raw.pools());
        CrossChecks.check(raw, full);
        params.check(full);

        return new StrategyConfig(raw.name(), type, raw.description(), raw.quote(), raw.assets(), raw.pools(),
                raw.data(), raw.capital(), params,
                raw.risk() == null ? RiskSpec.defaults() : raw.risk(),
                raw.execution() == null ? ExecutionSpec.defaults() : raw.execution(),
                raw.schedule() == null ? ScheduleSpec.defaults() : raw.schedule(),
                raw.benchmark() == null ? BenchmarkSpec.defaults() : raw.benchmark(),
                raw.metrics() == null ? MetricsSpec.defaults() : raw.metrics(),
                source);
    }

    /** The built-in types and llm (validated here, run by the daemon). */
    static List<String> allTypes() {
        List<String> all = new ArrayList<>(StrategyType.keys());
        all.add(LlmStrategySpec.TYPE);
        return all;
    }

    private static LlmStrategySpec llm(JsonNode tree, Checks checks, YamlLocations loc, String fileName) {
        LlmStrategySpec spec = bind(tree, LlmStrategySpec.class, "", checks, loc, fileName);
        AnnotationRules.check(spec, "", checks);
        checks.require(spec.prompt() == null || spec.prompt().contains("{{data}}"), "/prompt",
                "the template must contain {{data}} (where the quoted market data goes)");
        return spec;
    }

    private static <T> T bind(JsonNode node, Class<T> type, String prefix, Checks checks, YamlLocations loc, String file) {
        try {
            return YAML.treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            String pointer = prefix + pointer(e);
            List<String> known = new ArrayList<>();
            if (e.getKnownPropertyIds() != null) {
                e.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            }
            String key = e.getPropertyName();
            throw checks.errorAtKey(pointer, "unknown key '" + key + "'" + DidYouMean.hint(key, known)
                    + "; allowed here: " + new TreeSet<>(known));
        } catch (InvalidFormatException e) {
            String pointer = prefix + pointer(e);
            throw checks.error(pointer, "'" + e.getValue() + "' is not " + describe(e.getTargetType()));
        } catch (MismatchedInputException e) {
            String pointer = prefix + pointer(e);
            throw checks.error(pointer, "wrong type: expected " + describe(e.getTargetType()));
        } catch (JsonMappingException e) {
            String pointer = prefix + pointer(e);
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String msg = root instanceof JacksonException je ? je.getOriginalMessage() : root.getMessage();
            throw checks.error(pointer, msg);
        } catch (IOException e) {
            throw new StrategyUserError(file + ": " + e.getMessage());
        }
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            sb.append('/');
            sb.append(r.getFieldName() != null ? YamlLocations.escape(r.getFieldName()) : String.valueOf(r.getIndex()));
        }
        return sb.toString();
    }

    static String describe(Class<?> t) {
        if (t == null) {
            return "the expected type";
        }
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(t) || t == double.class) {
            return "a number";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "true or false";
        }
        if (t == String.class) {
            return "a text value";
        }
        if (java.util.List.class.isAssignableFrom(t)) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(t) || t.isRecord()) {
            return "a mapping (key: value lines)";
        }
        if (t.isEnum()) {
            return "one of " + java.util.Arrays.toString(t.getEnumConstants()).toLowerCase(java.util.Locale.ROOT);
        }
        return "a " + t.getSimpleName();
    }
}
