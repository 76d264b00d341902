package io.consilium.agents.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The YAML's risk.stopLoss and risk.maxDrawdownHalt in the daemon: the strategies module's RiskRules
 * decide, over the strategy's own slice, exactly when the backtest kernel would.
 */
class StopRulesTest {
    private static final Token USDC = new Token(Address.of("0x00000000000000000000000000000000000000a1"), "USDC", 6);
    private static final Token WETH = new Token(Address.of("0x00000000000000000000000000000000000000a2"), "WETH", 18);
    private static final PoolInfo V2 = new PoolInfo("V2:WETH/USDC", PoolInfo.Kind.V2,
            Address.of("0x00000000000000000000000000000000000000c2"), USDC, WETH, 3000, 0);

    @TempDir
    Path dir;

    /** The daemon's momentum YAML with the given risk section (its data path made absolute). */
    private SpiRule rule(String risk) throws Exception {
        Path home = Path.of(System.getProperty("consilium.home"));
        String y = Files.readString(home.resolve("config/strategies/daemon-weth-momentum.yaml"))
                .replace("bars: data/", "bars: " + home.resolve("data") + "/")
                .replaceAll("(?m)^risk:\\n(  .*\\n)+", "risk:\n" + risk);
        Path f = dir.resolve("momentum-risk.yaml");
        Files.writeString(f, y);
        StrategyConfig cfg = StrategyConfigs.load(f);
        StrategyBinding b = StrategyLoader.bind(f, cfg, new DaemonConfig.StrategyRef(f.toString(), Map.of("USDC", "1")),
                Map.of("USDC", USDC, "WETH", WETH), List.of(V2));
        return new SpiRule(b, Strategies.create(cfg));
    }

    private static MarketTick tick(long block, double usdcPerWeth) {
        // USDC is token0: the pool price is WETH per USDC.
        BigInteger r0 = BigInteger.valueOf(30_000_000).multiply(BigInteger.TEN.pow(6));
        BigInteger r1 = new BigDecimal(30_000_000 / usdcPerWeth).movePointRight(18).toBigInteger();
        PoolState p = new PoolState(V2.name(), "V2", V2.address(), USDC, WETH, 3000, r0, r1, null, null, 0,
                1 / usdcPerWeth);
        return new MarketTick(1, 31337, block, "0x" + block, 1_700_000_000L + block, List.of(USDC, WETH), List.of(p),
                Address.of("0x00000000000000000000000000000000000000b1"), Map.of(), 1);
    }

    private static PortfolioView view(String weth, long usdc) {
        return new PortfolioView(1, "weth-momentum", Map.of("WETH", new BigDecimal(weth).movePointRight(18).toBigInteger(),
                "USDC", BigInteger.valueOf(usdc).multiply(BigInteger.TEN.pow(6))), 0, false);
    }

    @Test
    void aPriceBelowTheAverageEntryByTheStopLossSellsAllOfIt() throws Exception {
        SpiRule r = rule("  stopLoss: 0.1\n");
        assertTrue(r.decide(tick(1, 3000), view("2", 1000)).isHold(), "warming up, nothing to stop");
        assertTrue(r.decide(tick(2, 2800), view("2", 1000)).isHold(), "6.7% down: within the stop");
        Proposal p = r.decide(tick(3, 2690), view("2", 1000));
        assertEquals(Proposal.Action.SWAP, p.action(), p.reason());
        assertEquals("WETH", p.tokenIn());
        assertEquals("USDC", p.tokenOut());
        assertEquals(new BigInteger("2000000000000000000"), p.amountIn());
        assertTrue(p.reason().startsWith("stop-loss: WETH") && p.reason().contains("risk.stopLoss"), p.reason());
    }

    @Test
    void aBuyMovesTheAverageEntrySoTheStopFollowsIt() throws Exception {
        SpiRule r = rule("  stopLoss: 0.1\n");
        r.decide(tick(1, 3000), view("1", 3000));
        // bought 1 WETH for 2000 USDC at 2000: average entry (3000 + 2000) / 2 = 2500; a stop at 2250
        assertTrue(r.decide(tick(2, 2300), view("2", 1000)).isHold());
        Proposal p = r.decide(tick(3, 2240), view("2", 1000));
        assertEquals(Proposal.Action.SWAP, p.action(), p.reason());
    }

    @Test
    void theDrawdownHaltLiquidatesAndThenHoldsForGood() throws Exception {
        SpiRule r = rule("  maxDrawdownHalt: 0.2\n");
        r.decide(tick(1, 3000), view("2", 1000));    // equity 7000, the peak
        assertTrue(r.decide(tick(2, 2400), view("2", 1000)).isHold(), "5800: 17% down, within the halt");
        Proposal sell = r.decide(tick(3, 2000), view("2", 1000)); // 5000: 28.6% below the peak
        assertEquals(Proposal.Action.SWAP, sell.action(), sell.reason());
        assertEquals("WETH", sell.tokenIn());
        assertTrue(sell.reason().startsWith("max-drawdown halt") && sell.reason().contains("risk.maxDrawdownHalt"),
                sell.reason());
        Proposal after = r.decide(tick(4, 3500), view("0", 5000));
        assertTrue(after.isHold() && after.reason().startsWith("halted: max-drawdown halt"), after.reason());
    }

    @Test
    void aStrategyHaltedBeforeARestartIsStillHaltedAfterIt() throws Exception {
        Path journalDir = dir.resolve("journal");
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try (var journal = new io.consilium.agents.journal.JsonLinesJournal(journalDir,
                io.consilium.agents.bus.BusCodecs.json())) {
            io.consilium.agents.bus.BusCodecs.register(vertx);
            new io.consilium.agents.journal.BusJournal(journal).install(vertx.eventBus());
            var before = new io.consilium.agents.strategy.RuleDecider("weth-momentum", rule("  maxDrawdownHalt: 0.2\n"));
            before.decide(vertx, tick(1, 3000), view("2", 1000)).await();
            Proposal sell = before.decide(vertx, tick(2, 2000), view("2", 1000)).await();
            assertTrue(sell.reason().startsWith("max-drawdown halt"), sell.reason());

            // the daemon restarts: a fresh strategy object, its stop-rule state from the journal
            var book = new io.consilium.agents.portfolio.Book("USDC", 1e12, Map.of());
            var risk = Recovery.replay(journal, book).riskStates().get("weth-momentum");
            assertTrue(risk != null && risk.halted() != null, "the halt is in the journal: " + risk);
            assertEquals(7000, risk.peak(), 1e-6);
            var after = new io.consilium.agents.strategy.RuleDecider("weth-momentum", rule("  maxDrawdownHalt: 0.2\n"));
            after.restore(risk);
            // 6000 is within 20% of the 7000 peak: only the persisted halt keeps it halted
            Proposal p = after.decide(vertx, tick(3, 3500), view("0", 6000)).await();
            assertTrue(p.isHold() && p.reason().startsWith("halted: max-drawdown halt"), p.reason());

            // without the journal the same fresh strategy would start over (the bug this guards against)
            var fresh = new io.consilium.agents.strategy.RuleDecider("weth-momentum", rule("  maxDrawdownHalt: 0.2\n"));
            Proposal q = fresh.decide(vertx, tick(3, 3500), view("0", 6000)).await();
            assertTrue(!q.reason().startsWith("halted"), q.reason());
        } finally {
            vertx.close().await();
        }
    }
}
