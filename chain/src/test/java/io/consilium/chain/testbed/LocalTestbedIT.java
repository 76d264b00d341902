package io.consilium.chain.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.Token;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.rpc.ReturnData;
import io.consilium.chain.rpc.TxReceipt;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.chain.tx.SignedTx;
import io.consilium.chain.wallet.Signer;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalTestbedIT {
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
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
    void deploysTheWholeMarket() {
        AddressBook book = tb.addressBook();
        assertEquals(31337, tb.chainId().value());
        assertEquals(31337, tb.client().chainId().value());
        for (String name : List.of("WETH", "USDC", "WBTC", "DAI", "UniswapV2Factory", "UniswapV2Router02",
                "UniswapV3Factory", "SwapRouter", "QuoterV2", "NonfungiblePositionManager", "Multicall3")) {
            Address a = book.contract(name);
            String code = tb.client().rpc("eth_getCode", a.hex(), "latest").asText();
            assertTrue(code.length() > 2, name + " has code");
        }
        assertEquals(6, book.token("USDC").decimals());
        assertEquals(8, book.token("WBTC").decimals());
        assertEquals(18, book.token("DAI").decimals());
        assertEquals(10, book.pools().size());
        PoolInfo v3 = book.pool("V3:WETH/USDC:500");
        assertEquals(10, v3.tickSpacing());
        assertTrue(v3.token0().address().compareTo(v3.token1().address()) < 0);
        // every dev account holds the test tokens
        Token usdc = book.token("USDC");
        assertEquals(BigInteger.valueOf(1_000_000).multiply(BigInteger.TEN.pow(6)), erc20Balance(usdc, tb.accounts().get(5)));
    }

    @Test
    void describeIsTheTestbedUpAddressBook() {
        java.util.Map<String, Object> d = tb.describe();
        assertEquals(tb.rpcUrl(), d.get("rpc"));
        assertEquals(31337L, d.get("chainId"));
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> contracts = (java.util.Map<String, Object>) d.get("contracts");
        for (String name : List.of("WETH", "USDC", "WBTC", "DAI", "UniswapV2Factory", "UniswapV2Router02", "UniswapV3Factory",
                "SwapRouter", "QuoterV2", "NonfungiblePositionManager", "Multicall3", "pools")) {
            assertTrue(contracts.containsKey(name), name);
        }
        assertEquals(10, ((java.util.Map<?, ?>) contracts.get("pools")).size());
        assertEquals(10, ((List<?>) d.get("accounts")).size());
    }

    @Test
    void devSignersMatchAnvilAccounts() {
        for (int i = 0; i < 10; i++) {
            assertEquals(tb.accounts().get(i), tb.devSigner(i).address());
            assertTrue(tb.devSigner(i).toString().contains("DEV-ONLY"));
        }
    }

    @Test
    void v3PoolsAreInitialisedNearTheirPrice() {
        PoolInfo p = tb.addressBook().pool("V3:WETH/USDC:3000");
        ReturnData slot0 = new ReturnData(tb.client().call(null, p.address(), BigInteger.ZERO,
                Abi.encodeCall("slot0()"), ChainClient.LATEST));
        double sqrt = slot0.uint(0).doubleValue() / Math.pow(2, 96);
        double raw = sqrt * sqrt; // token1 per token0 in base units
        double usdcPerEth = p.token0().symbol().equals("WETH") ? raw * 1e12 : 1e12 / raw;
        assertEquals(3000, usdcPerEth, 1.0);
        BigInteger liquidity = new ReturnData(tb.client().call(null, p.address(), BigInteger.ZERO,
                Abi.encodeCall("liquidity()"), ChainClient.LATEST)).uint(0);
        assertTrue(liquidity.signum() > 0);
    }

    @Test
    void swapsThroughTheRealV2AndV3Routers() {
        Signer s = tb.devSigner(1);
        AddressBook book = tb.addressBook();
        Token usdc = book.token("USDC");
        Token weth = book.token("WETH");
        send(s, usdc.address(), Abi.encodeCall("approve(address,uint256)", book.contract("UniswapV2Router02"), MAX));
        send(s, usdc.address(), Abi.encodeCall("approve(address,uint256)", book.contract("SwapRouter"), MAX));
        BigInteger in = BigInteger.valueOf(3000).multiply(BigInteger.TEN.pow(6));

        BigInteger before = erc20Balance(weth, s.address());
        TxReceipt v2 = send(s, book.contract("UniswapV2Router02"),
                Abi.encodeCall("swapExactTokensForTokens(uint256,uint256,address[],address,uint256)",
                        in, BigInteger.ZERO, List.of(usdc.address(), weth.address()), s.address(), MAX));
        assertTrue(v2.success());
        BigInteger gotV2 = erc20Balance(weth, s.address()).subtract(before);
        assertTrue(gotV2.compareTo(new BigInteger("900000000000000000")) > 0, "about 1 WETH for 3000 USDC, got " + gotV2);

        List<Object> quoteParams = List.of(usdc.address(), weth.address(), in, BigInteger.valueOf(500), BigInteger.ZERO);
        BigInteger quoted = new ReturnData(tb.client().call(s.address(), book.contract("QuoterV2"), BigInteger.ZERO,
                Abi.encodeCall("quoteExactInputSingle((address,address,uint256,uint24,uint160))", quoteParams),
                ChainClient.LATEST)).uint(0);
        before = erc20Balance(weth, s.address());
        TxReceipt v3 = send(s, book.contract("SwapRouter"),
                Abi.encodeCall("exactInputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))",
                        List.of(usdc.address(), weth.address(), BigInteger.valueOf(500), s.address(), MAX, in,
                                BigInteger.ZERO, BigInteger.ZERO)));
        assertTrue(v3.success());
        assertEquals(quoted, erc20Balance(weth, s.address()).subtract(before), "QuoterV2 predicts the SwapRouter output");
    }

    @Test
    void marketSimIsDeterministicForASeedAndMovesPrices() {
        try (Testbed a = Testbed.start(); Testbed b = Testbed.start()) {
            MarketSim simA = MarketSim.manual(a, 7);
            MarketSim simB = MarketSim.manual(b, 7);
            List<String> before = poolState(a);
            for (int i = 0; i < 15; i++) {
                assertEquals(simA.step(), simB.step());
            }
            List<String> afterA = poolState(a);
            assertEquals(afterA, poolState(b), "same seed, same swaps, same pools");
            assertTrue(!afterA.equals(before), "prices moved");
        }
    }

    @Test
    void withIntervalMiningTheSimTradesEveryBlock() throws Exception {
        try (Testbed t = Testbed.start(TestbedOptions.defaults().withBlockTime(1).withMarketSim(true, 3))) {
            MarketSim sim = t.marketSim().orElseThrow();
            List<String> before = poolState(t);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (sim.steps() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(sim.steps() >= 3, "three rounds in 30 s of 1 s blocks, got " + sim.steps());
            Thread.sleep(1500); // the last round's swaps land in the next block
            assertTrue(!poolState(t).equals(before), "prices moved");
        }
    }

    /** Every pool's V2 reserves or V3 slot0, as comparable strings (addresses match: same deployer nonces). */
    private static List<String> poolState(Testbed t) {
        return t.addressBook().pools().values().stream().sorted(java.util.Comparator.comparing(PoolInfo::name))
                .map(p -> {
                    ReturnData r = new ReturnData(t.client().call(null, p.address(), BigInteger.ZERO,
                            Abi.encodeCall(p.kind() == PoolInfo.Kind.V2 ? "getReserves()" : "slot0()"), ChainClient.LATEST));
                    // reserves, or sqrtPriceX96 and tick (V2's third word is a wall-clock timestamp)
                    return p.name() + "=" + r.uint(0) + "/" + r.sint(1);
                })
                .toList();
    }

    private static BigInteger erc20Balance(Token t, Address who) {
        return new ReturnData(tb.client().call(null, t.address(), BigInteger.ZERO,
                Abi.encodeCall("balanceOf(address)", who), ChainClient.LATEST)).uint(0);
    }

    private static TxReceipt send(Signer s, Address to, byte[] data) {
        ChainClient c = tb.client();
        BigInteger gas = c.estimateGas(s.address(), to, BigInteger.ZERO, data).multiply(BigInteger.TWO);
        BigInteger base = c.header(ChainClient.LATEST).orElseThrow().baseFeePerGas();
        Eip1559Tx tx = new Eip1559Tx(tb.chainId(), c.nonce(s.address(), "pending"), BigInteger.ONE,
                base.multiply(BigInteger.TWO).add(BigInteger.ONE), gas, to, BigInteger.ZERO, data);
        SignedTx signed = s.sign(tx);
        assertEquals(signed.hash(), c.sendRawTransaction(signed.raw()));
        return c.awaitReceipt(signed.hash(), java.time.Duration.ofSeconds(10));
    }
}
