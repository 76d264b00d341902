package io.consilium.agents.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.agents.bus.Addresses;
import io.consilium.agents.bus.BusCodecs;
import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.PoolState;
import io.consilium.agents.messages.PortfolioView;
import io.consilium.agents.messages.Proposal;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.Token;
import io.consilium.llm.engine.EngineOptions;
import io.consilium.llm.engine.LlmEngine;
import io.consilium.llm.model.synth.SynthShape;
import io.consilium.llm.model.synth.SynthWriter;
import io.consilium.llm.serve.bus.BatchTextGenerator;
import io.consilium.llm.serve.bus.LlmBusVerticle;
import io.consilium.llm.serve.bus.LlmRequest;
import io.consilium.llm.serve.bus.LlmResponse;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's LLM strategy on the random-weight synthetic model it generates by default: with the
 * batching engine's grammar constraint the answer always satisfies {@link LlmDecider#SCHEMA}, so the
 * decision is the model's (noise, but well-formed), never a "does not match the schema" hold.
 */
class LlmDeciderSchemaTest {
    static final Token USDC = new Token(Address.of("0x00000000000000000000000000000000000000a1"), "USDC", 6);
    static final Token WETH = new Token(Address.of("0x00000000000000000000000000000000000000a2"), "WETH", 18);

    @TempDir
    static Path dir;
    static BatchTextGenerator generator;

    @BeforeAll
    static void model() {
        Path gguf = dir.resolve("qwen2moe-test.gguf");
        SynthWriter.write(SynthShape.of("qwen2moe", "test"), "Q8_0", 1, gguf);
        generator = new BatchTextGenerator(LlmEngine.load(gguf, new EngineOptions(1, 1024)), "synthetic", 2);
    }

    @AfterAll
    static void close() {
        if (generator != null) {
            generator.close();
        }
    }

    static LlmDecider decider() {
        return new LlmDecider(new LlmStrategyConfig("llm-test", "V2:WETH/USDC", "WETH", "USDC",
                new BigInteger("500000000"), new BigInteger("150000000000000000"), LlmStrategyConfig.DEFAULT_TEMPLATE,
                48, 0.7, 120_000), "test@1");
    }

    static MarketTick tick(long block, double price) {
        PoolState p = new PoolState("V2:WETH/USDC", "V2", Address.of("0x00000000000000000000000000000000000000c1"),
                WETH, USDC, 3000, BigInteger.TEN.pow(21), BigInteger.valueOf((long) (price * 1000)).multiply(BigInteger.TEN.pow(6)),
                null, null, 0, price);
        return new MarketTick(MarketTick.VERSION, 31337, block, "0x" + Long.toHexString(block), block * 12,
                List.of(USDC, WETH), List.of(p), Address.of("0x00000000000000000000000000000000000000b1"),
                Map.of(), System.nanoTime());
    }

    static PortfolioView view() {
        return new PortfolioView(PortfolioView.VERSION, "llm-test",
                Map.of("USDC", new BigInteger("5000000000"), "WETH", new BigInteger("1500000000000000000")), 0, false);
    }

    @Test
    void everyAnswerOfTheRandomModelSatisfiesTheSchema() {
        LlmDecider d = decider();
        for (int seed = 1; seed <= 6; seed++) {
            MarketTick t = tick(100 + seed, 3000 + 7 * seed);
            LlmResponse r = generator.generate(new LlmRequest(LlmRequest.VERSION, "q" + seed,
                    d.prompt(t, t.pool("V2:WETH/USDC"), view()), 48, 0.7, seed, LlmDecider.SCHEMA, 120_000));
            assertNull(r.error(), "seed " + seed);
            assertEquals("stop", r.finishReason(), "seed " + seed + ": " + r.text());
            assertTrue(d.parse(r.text()).isPresent(), "seed " + seed + " answered outside the schema: " + r.text());
            Proposal p = d.toProposal("p" + seed, t, r);
            assertTrue(p.reason().startsWith("llm: "), "seed " + seed + ": the decision is the model's: " + p.reason());
        }
    }

    @Test
    void theBusPathTurnsTheConstrainedAnswerIntoTheModelsDecision() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            BusCodecs.register(vertx);
            vertx.deployVerticle(new LlmBusVerticle(generator, Addresses.LLM_GENERATE, Addresses.LLM_PING, 1))
                    .await(30, TimeUnit.SECONDS);
            LlmDecider d = decider();
            MarketTick t = tick(200, 3100);
            Proposal p = d.decide(vertx, t, view()).await(150, TimeUnit.SECONDS);
            assertTrue(p.reason().startsWith("llm: "), p.reason());
            if (!p.isHold()) {
                assertEquals("V2:WETH/USDC", p.pool());
                assertTrue(p.amountIn().signum() > 0);
            }
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }
}
