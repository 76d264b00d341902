package io.consilium.agents.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.agents.AgentsUserError;
import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.PoolState;
import io.consilium.agents.messages.PortfolioView;
import io.consilium.agents.messages.Proposal;
import io.consilium.agents.strategy.spi.SpiRule;
import io.consilium.agents.strategy.spi.StrategyBinding;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.Token;
import io.consilium.chain.testbed.PoolInfo;
import io.consilium.strategy.Strategies;
import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.config.StrategyConfigs;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default daemon strategy YAMLs bound to a chain's tokens and pools, and run through the SPI adapter. */
class StrategyBindingTest {
    private static final Token USDC = new Token(Address.of("0x00000000000000000000000000000000000000a1"), "USDC", 6);
    private static final Token WETH = new Token(Address.of("0x00000000000000000000000000000000000000a2"), "WETH", 18);
    private static final PoolInfo V3 = new PoolInfo("V3:WETH/USDC:500", PoolInfo.Kind.V3,
            Address.of("0x00000000000000000000000000000000000000c3"), USDC, WETH, 500, 10);
    private static final PoolInfo V2 = new PoolInfo("V2:WETH/USDC", PoolInfo.Kind.V2,
            Address.of("0x00000000000000000000000000000000000000c2"), USDC, WETH, 3000, 0);
    private static final Map<String, Token> TOKENS = Map.of("USDC", USDC, "WETH", WETH);

    private static Path yaml(String name) {
        return Path.of(System.getProperty("consilium.home"), "config", "strategies", name);
    }

    @Test
    void poolsMatchByKindFeeAndTokensAndTheRebalanceSellsWhatIsAboveItsWeight() {
        Path f = yaml("daemon-eth-usdc-rebalance.yaml");
        StrategyConfig cfg = StrategyConfigs.load(f);
        StrategyBinding b = StrategyLoader.bind(f, cfg, new DaemonConfig.StrategyRef(f.toString(), Map.of("USDC", "1")),
                TOKENS, List.of(V2, V3));
        assertEquals("V3:WETH/USDC:500", b.chainPool(cfg.pools().getFirst().id()));
        SpiRule rule = new SpiRule(b, Strategies.create(cfg));
        // USDC is token0: the pool's price is WETH per USDC; 1/3000 means 3000 USDC per WETH
        PoolState p = new PoolState(V3.name(), "V3", V3.address(), USDC, WETH, 500, null, null,
                BigInteger.ONE.shiftLeft(96), BigInteger.TEN.pow(18), 0, 1.0 / 3000);
        MarketTick t = new MarketTick(1, 31337, 10, "0x0a", 1_700_000_000L, List.of(USDC, WETH), List.of(p),
                Address.of("0x00000000000000000000000000000000000000b1"), Map.of(), 1);
        // 4 WETH (12000 USDC) + 6000 USDC: WETH weight 0.667, far above 0.5 + 0.02
        PortfolioView view = new PortfolioView(1, cfg.name(), Map.of("WETH", new BigInteger("4000000000000000000"),
                "USDC", BigInteger.valueOf(6_000_000_000L)), 0, false);
        Proposal prop = rule.decide(t, view);
        assertEquals(Proposal.Action.SWAP, prop.action(), prop.reason());
        assertEquals("WETH", prop.tokenIn());
        assertEquals("USDC", prop.tokenOut());
        assertEquals(V3.name(), prop.pool());
        // sell 3000 USDC worth = 1 WETH (to 0.5 of 18000)
        assertTrue(new BigInteger("1000000000000000000").subtract(prop.amountIn()).abs()
                .compareTo(BigInteger.TEN.pow(12)) <= 0, prop.amountIn().toString());
        PortfolioView balanced = new PortfolioView(1, cfg.name(), Map.of("WETH", new BigInteger("3000000000000000000"),
                "USDC", BigInteger.valueOf(9_000_000_000L)), 0, false);
        assertTrue(rule.decide(t, balanced).isHold());
    }

    @Test
    void aPoolTheChainDoesNotHaveIsAClearErrorNamingTheFileAndTheFix() {
        Path f = yaml("daemon-eth-usdc-rebalance.yaml");
        StrategyConfig cfg = StrategyConfigs.load(f);
        AgentsUserError e = assertThrows(AgentsUserError.class, () -> StrategyLoader.bind(f, cfg,
                new DaemonConfig.StrategyRef(f.toString(), Map.of("USDC", "1")), TOKENS, List.of(V2)));
        assertTrue(e.getMessage().contains("daemon-eth-usdc-rebalance.yaml") && e.getMessage().contains("weth-usdc-005")
                && e.getMessage().contains("strategies[].pools"), e.getMessage());
    }

    @Test
    void anAssetTheChainDoesNotHaveIsAClearError() {
        Path f = yaml("daemon-weth-momentum.yaml");
        StrategyConfig cfg = StrategyConfigs.load(f);
        AgentsUserError e = assertThrows(AgentsUserError.class, () -> StrategyLoader.bind(f, cfg,
                new DaemonConfig.StrategyRef(f.toString(), Map.of("USDC", "1")), Map.of("USDC", USDC), List.of(V2)));
        assertTrue(e.getMessage().contains("WETH") && e.getMessage().contains("strategies[].assets"), e.getMessage());
    }
}
