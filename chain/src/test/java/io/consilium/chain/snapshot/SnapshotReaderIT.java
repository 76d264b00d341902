package io.consilium.chain.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.chain.ChainUserError;
import io.consilium.chain.abi.Abi;
import io.consilium.chain.cli.ChainSnapshotCommand;
import io.consilium.chain.domain.Address;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.rpc.ReturnData;
import io.consilium.chain.snapshot.MarketSnapshot.Tick;
import io.consilium.chain.snapshot.MarketSnapshot.V2Pool;
import io.consilium.chain.snapshot.MarketSnapshot.V3Pool;
import io.consilium.chain.testbed.MarketSim;
import io.consilium.chain.testbed.Testbed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SnapshotReaderIT {
    private static Testbed tb;

    @BeforeAll
    static void up() {
        tb = Testbed.start();
    }

    @AfterAll
    static void down() {
        tb.close();
    }

    @Test
    void everyValueMatchesAPlainReadAtTheSameBlockWhileBlocksAreMined() throws Exception {
        MarketSim sim = MarketSim.manual(tb, 42);
        SnapshotReader reader = new SnapshotReader(tb.client(), SnapshotConfigs.allOf(tb, 10));
        AtomicBoolean stop = new AtomicBoolean();
        Thread trader = new Thread(() -> {
            while (!stop.get()) {
                sim.step();
            }
        });
        trader.start();
        try {
            long previous = -1;
            for (int round = 0; round < 8; round++) {
                // pinned to the block below the head: its state is settled on every node, anvil included
                long target = Math.max(1, tb.client().blockNumber() - 1);
                MarketSnapshot s = reader.read(target);
                assertEquals(target, s.blockNumber());
                assertTrue(s.blockNumber() >= previous);
                previous = s.blockNumber();
                assertEquals(s.blockHash(), tb.client().header(s.blockNumber()).orElseThrow().hash());
                verifyAgainstPlainReads(s);
                MarketSnapshot latest = reader.read(ChainClient.LATEST);
                assertTrue(latest.blockNumber() >= target);
            }
        } finally {
            stop.set(true);
            trader.join();
        }
        assertTrue(sim.steps() > 0);
    }

    @Test
    void historicalBlockAndTickWindow() {
        SnapshotReader reader = new SnapshotReader(tb.client(), SnapshotConfigs.allOf(tb, 3));
        long block = tb.client().blockNumber();
        MarketSnapshot first = reader.read(block);
        assertEquals(block, first.blockNumber());
        assertTrue(reader.lastEthCalls() >= 3, "metadata + main + tick follow-up on a cold reader");
        MarketSnapshot again = reader.read(block);
        assertEquals(1, reader.lastEthCalls(), "steady state: one aggregate3");
        assertEquals(first, again);
        V3Pool p = first.v3("V3:WETH/USDC:500");
        // the testbed's two concentrated positions put four initialized ticks near the price
        assertTrue(p.ticks().size() >= 4, "ticks " + p.ticks());
        BigInteger net = p.ticks().stream().map(Tick::liquidityNet).reduce(BigInteger.ZERO, BigInteger::add);
        assertEquals(BigInteger.ZERO, net.signum() == 0 ? BigInteger.ZERO : net, "concentrated positions open and close inside the window");
        assertEquals(3000, usdcPerEth(p), 30);
        V2Pool v2 = first.v2("V2:WETH/USDC");
        assertTrue(v2.reserve0().signum() > 0 && v2.reserve1().signum() > 0);
    }

    @Test
    void missingMulticallIsAUserError() {
        SnapshotConfig cfg = SnapshotConfigs.allOf(tb, 1);
        SnapshotConfig wrong = new SnapshotConfig(Address.of("0x000000000000000000000000000000000000dEaD"), cfg.tokens(),
                cfg.accounts(), cfg.allowances(), cfg.pools());
        ChainUserError e = Assertions.assertThrows(ChainUserError.class, () -> new SnapshotReader(tb.client(), wrong).read(ChainClient.LATEST));
        assertTrue(e.getMessage().contains("multicall"), e.getMessage());
    }

    @Test
    void theShippedTestbedConfigMatchesAndTheCliPrintsJson() throws Exception {
        Path shipped = Path.of(System.getProperty("consilium.home"), "config", "pools", "testbed.yaml");
        SnapshotConfig cfg = SnapshotConfig.load(shipped);
        assertEquals(tb.addressBook().contract("Multicall3"), cfg.multicall());
        for (SnapshotConfig.PoolRef p : cfg.pools()) {
            assertEquals(tb.addressBook().pool(p.name()).address(), p.address(), p.name());
        }
        cfg.tokens().forEach((sym, addr) -> assertEquals(tb.addressBook().token(sym).address(), addr, sym));

        StringWriter out = new StringWriter();
        int code = new CommandLine(new ChainSnapshotCommand()).setOut(new PrintWriter(out))
                .execute("--rpc", tb.rpcUrl(), "--config", shipped.toString(), "--block", Long.toString(tb.client().blockNumber()));
        assertEquals(0, code);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals(5, json.get("v2Pools").size());
        assertEquals(5, json.get("v3Pools").size());
        assertTrue(json.get("v3Pools").get(0).get("sqrtPriceX96").isTextual(), "big integers as strings");
        assertEquals(tb.client().blockNumber(), json.get("blockNumber").asLong());
    }

    private static double usdcPerEth(V3Pool p) {
        Address weth = tb.addressBook().token("WETH").address();
        return p.token0().equals(weth) ? p.price() : 1 / p.price();
    }

    private static void verifyAgainstPlainReads(MarketSnapshot s) {
        ChainClient c = tb.client();
        long b = s.blockNumber();
        for (MarketSnapshot.NativeBalance n : s.nativeBalances()) {
            assertEquals(c.balance(n.owner(), b), n.wei());
        }
        for (MarketSnapshot.TokenBalance t : s.balances()) {
            assertEquals(read(t.amount().token().address(), Abi.encodeCall("balanceOf(address)", t.owner()), b).uint(0),
                    t.amount().units());
        }
        for (V2Pool p : s.v2Pools()) {
            ReturnData r = read(p.address(), Abi.encodeCall("getReserves()"), b);
            assertEquals(r.uint(0), p.reserve0(), p.name());
            assertEquals(r.uint(1), p.reserve1(), p.name());
        }
        for (V3Pool p : s.v3Pools()) {
            ReturnData slot0 = read(p.address(), Abi.encodeCall("slot0()"), b);
            assertEquals(slot0.uint(0), p.sqrtPriceX96(), p.name());
            assertEquals(slot0.sint(1).intValueExact(), p.tick(), p.name());
            assertEquals(read(p.address(), Abi.encodeCall("liquidity()"), b).uint(0), p.liquidity(), p.name());
            assertTrue(p.tickLowerBound() <= p.tick() && p.tick() <= p.tickUpperBound());
            for (Tick t : p.ticks()) {
                ReturnData r = read(p.address(), Abi.encodeCall("ticks(int24)", BigInteger.valueOf(t.index())), b);
                assertEquals(r.uint(0), t.liquidityGross(), p.name() + " tick " + t.index());
                assertEquals(r.sint(1), t.liquidityNet());
                assertFalse(t.liquidityGross().signum() == 0);
            }
        }
    }

    private static ReturnData read(Address to, byte[] data, long block) {
        return new ReturnData(tb.client().call(null, to, BigInteger.ZERO, data, block));
    }

}
