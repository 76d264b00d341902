package io.consilium.strategy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.strategy.StrategyUserError;
import io.consilium.strategy.TestFiles;
import io.consilium.strategy.config.params.RebalanceParams;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StrategyConfigsTest {
    static final String GOOD = """
            name: t
            type: rebalance
            quote: USDC
            assets:
              ETH: {decimals: 18}
              USDC: {decimals: 6}
            pools:
              - {id: p, kind: v3, base: ETH, quote: USDC, feeBps: 5, liquidity: 1000000}
            data:
              bars: data/market/coinbase_BTC-ETH_USD_d.csv
            capital: {USDC: 1000}
            parameters:
              weights: {ETH: 0.5, USDC: 0.5}
              band: 0.05
            """;

    static StrategyConfig parse(String yaml) {
        return StrategyConfigs.parse(yaml, "s.yaml", null);
    }

    static String error(String yaml) {
        return assertThrows(StrategyUserError.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void bindsAValidFileWithDefaults() {
        StrategyConfig c = parse(GOOD);
        assertEquals(StrategyType.REBALANCE, c.type());
        assertEquals(0.05, ((RebalanceParams) c.parameters()).band());
        assertEquals(1.0, c.risk().maxPosition());
        assertEquals(0.01, c.execution().maxSlippage());
        assertEquals(PoolSync.MARKET, c.pools().getFirst().sync());
        assertEquals(10, c.pools().getFirst().effectiveTickSpacing());
    }

    @Test
    void unknownKeyNamesLineColumnAndSuggestion() {
        String msg = error(GOOD.replace("  band: 0.05", "  bnad: 0.05"));
        assertTrue(msg.startsWith("s.yaml:14:3: parameters.bnad: unknown key 'bnad' (did you mean 'band'?)"), msg);
        msg = error(GOOD.replace("capital:", "captial:"));
        assertTrue(msg.startsWith("s.yaml:11:1: captial: unknown key 'captial' (did you mean 'capital'?)"), msg);
        msg = error(GOOD.replace("feeBps: 5,", "feeBp: 5,"));
        assertTrue(msg.contains("s.yaml:8:") && msg.contains("did you mean 'feeBps'"), msg);
    }

    @Test
    void wrongTypeAndOutOfRangeNameTheValue() {
        String msg = error(GOOD.replace("band: 0.05", "band: wide"));
        assertTrue(msg.startsWith("s.yaml:14:9: parameters.band: wrong type: expected a number"), msg);
        msg = error(GOOD.replace("band: 0.05", "band: 5"));
        assertTrue(msg.startsWith("s.yaml:14:9: parameters.band: 5.0 is out of range: allowed 0.0001 to 1"), msg);
        msg = error(GOOD.replace("{decimals: 18}", "{decimals: 99}"));
        assertTrue(msg.startsWith("s.yaml:5:19: assets.ETH.decimals: 99 is out of range"), msg);
        msg = error(GOOD.replace("kind: v3", "kind: v4"));
        assertTrue(msg.contains("s.yaml:8:") && msg.contains("use v2 or v3"), msg);
    }

    @Test
    void referencesAndRulesAreChecked() {
        assertTrue(error(GOOD.replace("{ETH: 0.5, USDC: 0.5}", "{ETH: 0.5, USDT: 0.5}"))
                .contains("unknown asset 'USDT' (did you mean 'USDC'?)"));
        assertTrue(error(GOOD.replace("{ETH: 0.5, USDC: 0.5}", "{ETH: 0.7, USDC: 0.5}"))
                .contains("weights must sum to 1"));
        assertTrue(error(GOOD.replace("type: rebalance", "type: rebalanse")).contains("did you mean 'rebalance'?"));
        assertTrue(error(GOOD.replace("name: t\n", "")).startsWith("s.yaml:1:1: missing required key 'name'"));
        assertTrue(error(GOOD.replace(", liquidity: 1000000", "")).contains("missing required key 'liquidity'"));
        assertTrue(error(GOOD + "schedule: {interval: 3x}\n").contains("'3x' is not a duration"));
        assertTrue(error("- a\n- b\n").contains("a strategy file is a YAML mapping"));
        assertTrue(error("name: [unclosed\n").startsWith("s.yaml:"));
    }

    @Test
    void missingFileIsAUserError() {
        String msg = assertThrows(StrategyUserError.class, () -> StrategyConfigs.load(Path.of("no/such.yaml"))).getMessage();
        assertTrue(msg.contains("not found"), msg);
    }

    @Test
    void everyExampleValidates() {
        List<Path> files = Stream.of("dca", "eth-usdc-rebalance", "grid", "momentum", "mean-reversion", "arbitrage",
                "lp-range", "opportunity").map(n -> TestFiles.examples().resolve(n + ".yaml")).toList();
        for (Path f : files) {
            StrategyConfig c = StrategyConfigs.load(f);
            assertTrue(c.name() != null && c.type() != null, f.toString());
        }
        assertEquals(StrategyType.values().length,
                files.stream().map(StrategyConfigs::load).map(StrategyConfig::type).distinct().count(),
                "one example per built-in");
        for (String n : List.of("llm-eth-usdc", "daemon-eth-usdc-rebalance", "daemon-weth-momentum")) {
            assertTrue(StrategyConfigs.validate(TestFiles.examples().resolve(n + ".yaml")) != null, n);
        }
        LlmStrategySpec llm = (LlmStrategySpec) StrategyConfigs.validate(TestFiles.examples().resolve("llm-eth-usdc.yaml"));
        assertEquals("V2:WETH/USDC", llm.pool());
        assertEquals(new java.math.BigDecimal("0.15"), llm.maxSell().value());
        assertEquals(48, llm.maxTokens());
    }

    static final String LLM = """
            name: l
            type: llm
            pool: "V2:WETH/USDC"
            base: WETH
            quote: USDC
            maxBuy: "500"
            maxSell: 0.15
            maxTokens: 48
            timeoutMillis: 4000
            """;

    static String llmError(String yaml) {
        return assertThrows(StrategyUserError.class, () -> StrategyConfigs.parseAny(yaml, "l.yaml", null)).getMessage();
    }

    @Test
    void llmTypeIsCheckedWithTheDaemonsKeysAndCannotBeBacktested() {
        LlmStrategySpec ok = (LlmStrategySpec) StrategyConfigs.parseAny(LLM, "l.yaml", null);
        assertEquals(new java.math.BigDecimal("500"), ok.maxBuy().value());
        assertEquals(null, ok.temperature());
        String unknown = llmError(LLM.replace("maxBuy:", "maxBuys:"));
        assertTrue(unknown.startsWith("l.yaml:6:1: maxBuys: unknown key 'maxBuys' (did you mean 'maxBuy'?); allowed here: [base,"),
                unknown);
        assertTrue(llmError(LLM.replace("maxTokens: 48", "maxTokens: 4")).contains("l.yaml:8:12: maxTokens: 4 is out of range"),
                llmError(LLM.replace("maxTokens: 48", "maxTokens: 4")));
        assertTrue(llmError(LLM.replace("timeoutMillis: 4000\n", "")).contains("missing required key 'timeoutMillis'"));
        assertTrue(llmError(LLM.replace("\"500\"", "\"lots\"")).contains("l.yaml:6:9: maxBuy: 'lots' is not a decimal amount"),
                llmError(LLM.replace("\"500\"", "\"lots\"")));
        assertTrue(llmError(LLM + "prompt: decide\n").contains("l.yaml:10:9: prompt: the template must contain {{data}}"),
                llmError(LLM + "prompt: decide\n"));
        String refused = assertThrows(StrategyUserError.class, () -> parse(LLM)).getMessage();
        assertEquals("s.yaml: type llm needs the model; run it in the daemon (consilium run), it cannot be backtested", refused);
        assertTrue(error(GOOD.replace("type: rebalance", "type: lml")).contains("(did you mean 'llm'?)"));
    }

    @Test
    void schemaListsEveryTypeAndRange() {
        String json = io.consilium.strategy.report.Reports.toJson(SchemaGenerator.schema());
        for (StrategyType t : StrategyType.values()) {
            assertTrue(json.contains("\"const\" : \"" + t.key() + "\""), t.key());
        }
        assertTrue(json.contains("\"maximum\" : 36.0"));
        assertTrue(json.contains("\"additionalProperties\" : false"));
    }
}
