package io.consilium.agents.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.consilium.agents.AgentsUserError;
import io.consilium.agents.strategy.BandRebalanceRule;
import io.consilium.agents.strategy.Decider;
import io.consilium.agents.strategy.LlmDecider;
import io.consilium.agents.strategy.LlmStrategyConfig;
import io.consilium.agents.strategy.RuleDecider;
import io.consilium.chain.domain.Token;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns one enabled strategy YAML into a {@link Decider} by its {@code type}: {@code llm} and
 * {@code band-rebalance} are read here; other types belong to the strategies module's binder.
 */
final class StrategyLoader {
    private StrategyLoader() {
    }

    static Decider load(Path file, Function<String, Token> tokens, Set<String> pools, String node) {
        JsonNode y;
        try {
            y = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new AgentsUserError("cannot read strategy " + file + ": " + e.getMessage());
        }
        if (y == null || !y.isObject()) {
            throw new AgentsUserError(file + ": not a YAML mapping (see config/strategies/ for examples)");
        }
        String type = text(file, y, "type");
        String name = text(file, y, "name");
        return switch (type) {
            case "llm" -> new LlmDecider(llm(file, y, name, tokens, pools), node);
            case "band-rebalance" -> {
                String pool = pool(file, y, pools);
                double target = number(file, y, "target", 0, 1);
                double band = number(file, y, "band", 0, 0.5);
                tokens.apply(text(file, y, "base"));
                tokens.apply(text(file, y, "quote"));
                yield new RuleDecider(name, new BandRebalanceRule(name, pool, text(file, y, "base"), text(file, y, "quote"),
                        target, band));
            }
            default -> throw new AgentsUserError(file + ": key 'type': '" + type + "' is not supported by this daemon "
                    + "build (supported: llm, band-rebalance)");
        };
    }

    private static LlmStrategyConfig llm(Path f, JsonNode y, String name, Function<String, Token> tokens, Set<String> pools) {
        Token base = tokens.apply(text(f, y, "base"));
        Token quote = tokens.apply(text(f, y, "quote"));
        String template = y.hasNonNull("prompt") ? y.get("prompt").asText() : LlmStrategyConfig.DEFAULT_TEMPLATE;
        if (!template.contains("{{data}}")) {
            throw new AgentsUserError(f + ": key 'prompt': the template must contain {{data}} (the quoted market data)");
        }
        return new LlmStrategyConfig(name, pool(f, y, pools), base.symbol(), quote.symbol(),
                units(f, y, "maxBuy", quote), units(f, y, "maxSell", base), template,
                (int) number(f, y, "maxTokens", 8, 4096), y.path("temperature").asDouble(0.7),
                (long) number(f, y, "timeoutMillis", 100, 600_000));
    }

    private static String pool(Path f, JsonNode y, Set<String> pools) {
        String p = text(f, y, "pool");
        if (!pools.contains(p)) {
            throw new AgentsUserError(f + ": key 'pool': '" + p + "' is not a watched pool (have " + pools + ")");
        }
        return p;
    }

    private static java.math.BigInteger units(Path f, JsonNode y, String key, Token t) {
        try {
            return new BigDecimal(text(f, y, key)).movePointRight(t.decimals()).toBigInteger();
        } catch (NumberFormatException e) {
            throw new AgentsUserError(f + ": key '" + key + "': not a decimal amount");
        }
    }

    private static String text(Path f, JsonNode y, String key) {
        JsonNode n = y.get(key);
        if (n == null || n.isNull() || n.asText().isBlank()) {
            throw new AgentsUserError(f + ": key '" + key + "' is missing");
        }
        return n.asText();
    }

    private static double number(Path f, JsonNode y, String key, double min, double max) {
        JsonNode n = y.get(key);
        if (n == null || !n.isNumber() || n.asDouble() < min || n.asDouble() > max) {
            throw new AgentsUserError(f + ": key '" + key + "': a number between " + min + " and " + max + " is required");
        }
        return n.asDouble();
    }
}
