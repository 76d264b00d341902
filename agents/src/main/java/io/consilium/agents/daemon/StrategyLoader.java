package io.consilium.agents.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.consilium.agents.AgentsUserError;
import io.consilium.agents.strategy.Decider;
import io.consilium.agents.strategy.LlmDecider;
import io.consilium.agents.strategy.LlmStrategyConfig;
import io.consilium.agents.strategy.RuleDecider;
import io.consilium.agents.strategy.spi.SpiRule;
import io.consilium.agents.strategy.spi.StrategyBinding;
import io.consilium.chain.domain.Token;
import io.consilium.chain.testbed.PoolInfo;
import io.consilium.strategy.Strategies;
import io.consilium.strategy.config.AssetSpec;
import io.consilium.strategy.config.PoolKind;
import io.consilium.strategy.config.PoolSpec;
import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.config.StrategyConfigs;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns one enabled strategy YAML into a {@link Decider}: {@code type: llm} is the daemon's own (read
 * here); every other type is bound and validated by the strategies module ({@link StrategyConfigs},
 * {@link Strategies}), exactly as {@code consilium backtest} does, and run through {@link SpiRule}.
 */
final class StrategyLoader {
    private StrategyLoader() {
    }

    static Decider load(Path file, DaemonConfig.StrategyRef ref, Map<String, Token> tokens, List<PoolInfo> pools,
                        String node) {
        JsonNode y;
        try {
            y = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new AgentsUserError("cannot read strategy " + file + ": " + e.getMessage());
        }
        if (y == null || !y.isObject()) {
            throw new AgentsUserError(file + ": not a YAML mapping (see config/strategies/ for examples)");
        }
        if ("llm".equals(y.path("type").asText())) {
            return new LlmDecider(llm(file, y, text(file, y, "name"), tokens, pools), node);
        }
        StrategyConfig cfg = StrategyConfigs.load(file);
        StrategyBinding binding = bind(file, cfg, ref, tokens, pools);
        return new RuleDecider(cfg.name(), new SpiRule(binding, Strategies.create(cfg)));
    }

    /** Maps the YAML's assets to chain tokens and its pools to watched chain pools; errors name the file and key. */
    static StrategyBinding bind(Path file, StrategyConfig cfg, DaemonConfig.StrategyRef ref, Map<String, Token> tokens,
                                List<PoolInfo> pools) {
        Map<String, String> assetOverride = ref.assets() == null ? Map.of() : ref.assets();
        Map<String, String> poolOverride = ref.pools() == null ? Map.of() : ref.pools();
        Map<String, String> assets = new LinkedHashMap<>();
        for (Map.Entry<String, AssetSpec> a : cfg.assets().entrySet()) {
            String sym = assetOverride.get(a.getKey());
            if (sym == null) {
                sym = tokens.containsKey(a.getKey()) ? a.getKey() : tokens.containsKey("W" + a.getKey()) ? "W" + a.getKey() : null;
            }
            if (sym == null || !tokens.containsKey(sym)) {
                throw new AgentsUserError(file + ": asset '" + a.getKey() + "' has no token on this chain (tokens: "
                        + new TreeSet<>(tokens.keySet()) + "); map it in the daemon config: strategies[].assets: {"
                        + a.getKey() + ": SYMBOL}");
            }
            int chainDecimals = tokens.get(sym).decimals();
            if (a.getValue().decimals() != chainDecimals) {
                throw new AgentsUserError(file + ": key 'assets." + a.getKey() + ".decimals' is " + a.getValue().decimals()
                        + " but the chain's " + sym + " has " + chainDecimals + "; fix the YAML");
            }
            assets.put(a.getKey(), sym);
        }
        Map<String, String> mapped = new LinkedHashMap<>();
        for (PoolSpec p : cfg.pools()) {
            String name = poolOverride.get(p.id());
            if (name == null) {
                name = pools.stream().filter(pi -> matches(pi, p, assets)).map(PoolInfo::name).findFirst().orElse(null);
            }
            String chosen = name;
            if (chosen == null || pools.stream().noneMatch(pi -> pi.name().equals(chosen))) {
                throw new AgentsUserError(file + ": pool '" + p.id() + "' (" + p.kind().key() + " " + p.base() + "/" + p.quote()
                        + " fee " + p.feeBps() + " bps) matches no watched chain pool (have "
                        + pools.stream().map(PoolInfo::name).toList() + "); map it in the daemon config: strategies[].pools: {"
                        + p.id() + ": \"V3:WETH/USDC:500\"}");
            }
            mapped.put(p.id(), chosen);
        }
        return new StrategyBinding(cfg, assets, mapped);
    }

    private static boolean matches(PoolInfo pi, PoolSpec p, Map<String, String> assets) {
        boolean kind = (pi.kind() == PoolInfo.Kind.V2) == (p.kind() == PoolKind.V2);
        boolean fee = pi.kind() == PoolInfo.Kind.V2 ? p.feeBps() == 30 : pi.fee() == p.feeBps() * 100;
        String b = assets.get(p.base());
        String q = assets.get(p.quote());
        String t0 = pi.token0().symbol();
        String t1 = pi.token1().symbol();
        return kind && fee && ((t0.equals(b) && t1.equals(q)) || (t0.equals(q) && t1.equals(b)));
    }

    private static LlmStrategyConfig llm(Path f, JsonNode y, String name, Map<String, Token> tokens, List<PoolInfo> pools) {
        Token base = token(f, y, "base", tokens);
        Token quote = token(f, y, "quote", tokens);
        String template = y.hasNonNull("prompt") ? y.get("prompt").asText() : LlmStrategyConfig.DEFAULT_TEMPLATE;
        if (!template.contains("{{data}}")) {
            throw new AgentsUserError(f + ": key 'prompt': the template must contain {{data}} (the quoted market data)");
        }
        String pool = text(f, y, "pool");
        if (pools.stream().noneMatch(p -> p.name().equals(pool))) {
            throw new AgentsUserError(f + ": key 'pool': '" + pool + "' is not a watched pool (have "
                    + pools.stream().map(PoolInfo::name).toList() + ")");
        }
        return new LlmStrategyConfig(name, pool, base.symbol(), quote.symbol(),
                units(f, y, "maxBuy", quote), units(f, y, "maxSell", base), template,
                (int) number(f, y, "maxTokens", 8, 4096), y.path("temperature").asDouble(0.7),
                (long) number(f, y, "timeoutMillis", 100, 600_000));
    }

    private static Token token(Path f, JsonNode y, String key, Map<String, Token> tokens) {
        String sym = text(f, y, key);
        Token t = tokens.get(sym);
        if (t == null) {
            throw new AgentsUserError(f + ": key '" + key + "': no token '" + sym + "' on this chain (tokens: "
                    + new TreeSet<>(tokens.keySet()) + ")");
        }
        return t;
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
