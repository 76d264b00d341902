package io.consilium.chain.dex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.chain.abi.Abi;
import io.consilium.chain.dex.v2.V2Pool;
import io.consilium.chain.dex.v3.SwapResult;
import io.consilium.chain.dex.v3.TickInfo;
import io.consilium.chain.dex.v3.TickMath;
import io.consilium.chain.dex.v3.V3Pool;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.Token;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.rpc.LogEntry;
import io.consilium.chain.rpc.ReturnData;
import io.consilium.chain.rpc.TxReceipt;
import io.consilium.chain.testbed.PoolInfo;
import io.consilium.chain.testbed.Testbed;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.chain.wallet.HdWallet;
import io.consilium.chain.wallet.LocalSigner;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Hash;

/**
 * Seeded random swaps against the testbed's real Uniswap pools, through the real routers, signed by our
 * own wallet code: every V3 Swap event (amounts, sqrtPriceX96, liquidity, tick) and every V2 Swap/Sync
 * must equal what the in-memory simulators predicted, to the wei; afterwards the simulators' fee growth
 * and the crossed ticks' outside fee growth must equal the pools' storage.
 */
class DexMathTestbedIT {
    private static final Logger LOG = LoggerFactory.getLogger(DexMathTestbedIT.class);
    private static final int SWAPS = 1200;
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    private static final byte[] V3_SWAP = Hash.sha3("Swap(address,address,int256,int256,uint160,uint128,int24)".getBytes());
    private static final byte[] V2_SWAP = Hash.sha3("Swap(address,uint256,uint256,uint256,uint256,address)".getBytes());
    private static final byte[] V2_SYNC = Hash.sha3("Sync(uint112,uint112)".getBytes());

    private Testbed tb;
    private ChainClient client;
    private LocalSigner signer;
    private long nonce;

    @Test
    void randomSwapsEqualTheContractsToTheWei() {
        try (Testbed started = Testbed.start()) {
            tb = started;
            client = tb.client();
            // our own HD derivation and signer, on anvil's public dev mnemonic, account 7
            signer = new LocalSigner(HdWallet.ethereumKey("test test test test test test test test test test test junk".toCharArray(),
                    new char[0], 7));
            assertEquals(tb.accounts().get(7), signer.address());
            nonce = client.nonce(signer.address(), "pending");
            fund();
            addNarrowPositions(new SplittableRandom(7));
            run();
        }
    }

    private void fund() {
        Address router2 = tb.addressBook().contract("UniswapV2Router02");
        Address router3 = tb.addressBook().contract("SwapRouter");
        Address npm = tb.addressBook().contract("NonfungiblePositionManager");
        send(tb.addressBook().contract("WETH"), new BigInteger("5000").multiply(BigInteger.TEN.pow(18)), Abi.encodeCall("deposit()"));
        for (Token t : tb.addressBook().tokens().values().stream().sorted((a, b) -> a.symbol().compareTo(b.symbol())).toList()) {
            if (!t.symbol().equals("WETH")) {
                send(t.address(), BigInteger.ZERO, Abi.encodeCall("mint(address,uint256)", signer.address(),
                        BigInteger.TEN.pow(t.decimals() + 9)));
            }
            send(t.address(), BigInteger.ZERO, Abi.encodeCall("approve(address,uint256)", router2, MAX));
            send(t.address(), BigInteger.ZERO, Abi.encodeCall("approve(address,uint256)", router3, MAX));
            send(t.address(), BigInteger.ZERO, Abi.encodeCall("approve(address,uint256)", npm, MAX));
        }
    }

    /** Many narrow positions around each V3 price, so that random swaps cross initialized ticks often. */
    private void addNarrowPositions(SplittableRandom rnd) {
        OnChainV3 reader = new OnChainV3(client);
        Address npm = tb.addressBook().contract("NonfungiblePositionManager");
        // sorted: the address book's maps have no stable order, and the seed must mean the same positions
        for (PoolInfo p : v3Pools(tb.addressBook().pools().values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList())) {
            if (p.kind() != PoolInfo.Kind.V3) {
                continue;
            }
            int tick = reader.view(p.address(), "slot0()").sint(1).intValueExact();
            int s = p.tickSpacing();
            BigInteger b0 = erc20(p.token0(), p.address());
            BigInteger b1 = erc20(p.token1(), p.address());
            for (int k = 0; k < 40; k++) {
                int lower = Math.floorDiv(tick + rnd.nextInt(-800, 800), s) * s;
                int upper = lower + s * (1 + rnd.nextInt(12));
                send(npm, BigInteger.ZERO, Abi.encodeCall(
                        "mint((address,address,uint24,int24,int24,uint256,uint256,uint256,uint256,address,uint256))",
                        List.of(p.token0().address(), p.token1().address(), p.fee(), lower, upper, scale(b0, 0.01), scale(b1, 0.01),
                                BigInteger.ZERO, BigInteger.ZERO, signer.address(), MAX)));
            }
        }
    }

    private void run() {
        OnChainV3 reader = new OnChainV3(client);
        List<PoolInfo> pools = tb.addressBook().pools().values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
        Map<String, V3Pool> v3 = new LinkedHashMap<>();
        Map<String, V2Pool> v2 = new LinkedHashMap<>();
        for (PoolInfo p : pools) {
            if (p.kind() == PoolInfo.Kind.V3) {
                v3.put(p.name(), reader.load(p.address()));
            } else {
                ReturnData r = reader.view(p.address(), "getReserves()");
                v2.put(p.name(), new V2Pool(30, r.uint(0), r.uint(1), reader.view(p.address(), "totalSupply()").uint(0)));
            }
        }
        SplittableRandom rnd = new SplittableRandom(20261128);
        int v3Swaps = 0;
        int v2Swaps = 0;
        int crossings = 0;
        int crossingSwaps = 0;
        int limited = 0;
        int exactOut = 0;
        for (int i = 0; i < SWAPS; i++) {
            // two thirds on V3, the interesting case
            List<PoolInfo> kind = rnd.nextInt(3) == 0 ? v2Pools(pools) : v3Pools(pools);
            PoolInfo p = kind.get(rnd.nextInt(kind.size()));
            boolean zeroForOne = rnd.nextBoolean();
            boolean exactIn = rnd.nextInt(3) != 0;
            exactOut += exactIn ? 0 : 1;
            Token in = zeroForOne ? p.token0() : p.token1();
            Token out = zeroForOne ? p.token1() : p.token0();
            BigInteger reserveIn = erc20(in, p.address());
            BigInteger reserveOut = erc20(out, p.address());
            // log-uniform from one millionth to ~10% of what the pool holds: small trades and tick-crossing ones
            double frac = Math.pow(10, -6 + 5.0 * rnd.nextDouble());
            BigInteger amount = scale(exactIn ? reserveIn : reserveOut, frac).max(BigInteger.ONE);
            String label = "swap " + i + " on " + p.name() + (zeroForOne ? " 0->1 " : " 1->0 ") + (exactIn ? "in " : "out ") + amount;
            if (p.kind() == PoolInfo.Kind.V3) {
                V3Pool sim = v3.get(p.name());
                BigInteger limit = BigInteger.ZERO;
                if (rnd.nextInt(8) == 0) {
                    // a price limit 0.05%..3% away, so some swaps stop at it
                    int ticks = 5 + rnd.nextInt(300);
                    limit = TickMath.getSqrtRatioAtTick(Math.max(TickMath.MIN_TICK + 1,
                            Math.min(TickMath.MAX_TICK - 1, sim.tick() + (zeroForOne ? -ticks : ticks))));
                    limited++;
                }
                SwapResult predicted = sim.quote(zeroForOne, exactIn ? amount : amount.negate(),
                        limit.signum() == 0 ? V3Pool.noLimit(zeroForOne) : limit);
                if (!exactIn && limit.signum() == 0 && predicted.amountOut().compareTo(amount) < 0) {
                    continue; // not enough liquidity: the router would revert
                }
                if (predicted.amountIn().signum() == 0 || predicted.amountOut().signum() == 0) {
                    continue; // the router refuses swaps that move nothing
                }
                TxReceipt rc = send(tb.addressBook().contract("SwapRouter"), BigInteger.ZERO, exactIn
                        ? Abi.encodeCall("exactInputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))",
                                List.of(in.address(), out.address(), p.fee(), signer.address(), MAX, amount, BigInteger.ZERO, limit))
                        : Abi.encodeCall("exactOutputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))",
                                List.of(in.address(), out.address(), p.fee(), signer.address(), MAX, amount, MAX, limit)));
                SwapResult actual = sim.swap(zeroForOne, exactIn ? amount : amount.negate(),
                        limit.signum() == 0 ? V3Pool.noLimit(zeroForOne) : limit);
                assertEquals(predicted, actual, label + ": quote and swap differ");
                ReturnData ev = new ReturnData(event(rc, p.address(), V3_SWAP).data());
                assertEquals(ev.sint(0), actual.amount0(), label + " amount0");
                assertEquals(ev.sint(1), actual.amount1(), label + " amount1");
                assertEquals(ev.uint(2), actual.sqrtPriceX96(), label + " sqrtPriceX96");
                assertEquals(ev.uint(3), actual.liquidity(), label + " liquidity");
                assertEquals(ev.sint(4).intValueExact(), actual.tick(), label + " tick");
                crossings += actual.ticksCrossed();
                crossingSwaps += actual.ticksCrossed() > 0 ? 1 : 0;
                v3Swaps++;
            } else {
                V2Pool sim = v2.get(p.name());
                BigInteger predictedIn;
                BigInteger predictedOut;
                try {
                    predictedIn = exactIn ? amount : sim.quoteExactOut(zeroForOne, amount);
                    predictedOut = exactIn ? sim.quoteExactIn(zeroForOne, amount) : amount;
                } catch (DexRevert e) {
                    continue;
                }
                if (predictedOut.signum() == 0) {
                    continue;
                }
                List<Address> path = List.of(in.address(), out.address());
                TxReceipt rc = send(tb.addressBook().contract("UniswapV2Router02"), BigInteger.ZERO, exactIn
                        ? Abi.encodeCall("swapExactTokensForTokens(uint256,uint256,address[],address,uint256)",
                                amount, BigInteger.ZERO, path, signer.address(), MAX)
                        : Abi.encodeCall("swapTokensForExactTokens(uint256,uint256,address[],address,uint256)",
                                amount, MAX, path, signer.address(), MAX));
                BigInteger got = exactIn ? sim.swapExactIn(zeroForOne, amount) : sim.swapExactOut(zeroForOne, amount);
                assertEquals(exactIn ? predictedOut : predictedIn, got, label);
                ReturnData swap = new ReturnData(event(rc, p.address(), V2_SWAP).data());
                List<BigInteger> expected = zeroForOne
                        ? List.of(predictedIn, BigInteger.ZERO, BigInteger.ZERO, predictedOut)
                        : List.of(BigInteger.ZERO, predictedIn, predictedOut, BigInteger.ZERO);
                assertEquals(expected, List.of(swap.uint(0), swap.uint(1), swap.uint(2), swap.uint(3)), label + " V2 Swap event");
                ReturnData sync = new ReturnData(event(rc, p.address(), V2_SYNC).data());
                assertEquals(List.of(sim.reserve0(), sim.reserve1()), List.of(sync.uint(0), sync.uint(1)), label + " reserves");
                v2Swaps++;
            }
        }
        // fee accounting: globals and every initialized tick's outside growth equal the contract storage
        int ticksChecked = 0;
        for (PoolInfo p : pools) {
            V3Pool sim = v3.get(p.name());
            if (sim == null) {
                continue;
            }
            assertEquals(reader.view(p.address(), "feeGrowthGlobal0X128()").uint(0), sim.feeGrowthGlobal0X128(), p.name());
            assertEquals(reader.view(p.address(), "feeGrowthGlobal1X128()").uint(0), sim.feeGrowthGlobal1X128(), p.name());
            for (Map.Entry<Integer, TickInfo> t : sim.ticks().entrySet()) {
                TickInfo chain = reader.tick(p.address(), t.getKey());
                assertEquals(Arrays.asList(chain.feeGrowthOutside0X128(), chain.feeGrowthOutside1X128(), chain.liquidityNet()),
                        Arrays.asList(t.getValue().feeGrowthOutside0X128(), t.getValue().feeGrowthOutside1X128(),
                                t.getValue().liquidityNet()), p.name() + " tick " + t.getKey());
                ticksChecked++;
            }
        }
        LOG.info("testbed swaps equal to the wei: {} V3 ({} crossing initialized ticks, {} crossings in all, {} with a price limit), {} V2; "
                + "{} exact-output; fee growth of {} ticks checked", v3Swaps, crossingSwaps, crossings, limited, v2Swaps, exactOut, ticksChecked);
        assertTrue(v3Swaps + v2Swaps >= 1000, "swaps checked: " + (v3Swaps + v2Swaps));
        assertTrue(crossings >= 100, "tick crossings: " + crossings);
    }

    private static List<PoolInfo> v2Pools(List<PoolInfo> all) {
        return all.stream().filter(p -> p.kind() == PoolInfo.Kind.V2).toList();
    }

    private static List<PoolInfo> v3Pools(List<PoolInfo> all) {
        return all.stream().filter(p -> p.kind() == PoolInfo.Kind.V3).toList();
    }

    private static BigInteger scale(BigInteger x, double frac) {
        return new java.math.BigDecimal(x).multiply(java.math.BigDecimal.valueOf(frac)).toBigInteger();
    }

    private BigInteger erc20(Token t, Address holder) {
        return new ReturnData(client.call(null, t.address(), BigInteger.ZERO, Abi.encodeCall("balanceOf(address)", holder),
                ChainClient.LATEST)).uint(0);
    }

    private static LogEntry event(TxReceipt rc, Address emitter, byte[] topic0) {
        return rc.logs().stream().filter(l -> l.address().equals(emitter) && Arrays.equals(l.topics().get(0), topic0))
                .findFirst().orElseThrow(() -> new AssertionError("no event from " + emitter + " in " + rc.transactionHash()));
    }

    private TxReceipt send(Address to, BigInteger value, byte[] data) {
        Eip1559Tx tx = new Eip1559Tx(tb.chainId(), nonce++, BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(200_000_000_000L),
                BigInteger.valueOf(1_500_000), to, value, data);
        String hash = client.sendRawTransaction(signer.sign(tx).raw());
        TxReceipt rc = client.awaitReceipt(hash, Duration.ofSeconds(30));
        assertTrue(rc.success(), "transaction reverted: " + hash);
        return rc;
    }
}
