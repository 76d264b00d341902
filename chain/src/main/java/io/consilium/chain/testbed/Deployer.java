package io.consilium.chain.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.ChainId;
import io.consilium.chain.domain.Token;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.rpc.ReturnData;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deploys the testbed market from dev account 0: WETH9, the test tokens, Multicall3, Uniswap V2
 * (factory, router, pairs) and V3 (factory, SwapRouter, QuoterV2, position manager with its
 * descriptor, pools with full-range and concentrated positions), then funds the dev accounts.
 */
final class Deployer {
    static final BigInteger MAX_UINT = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    private static final String V2_CORE = "@uniswap/v2-core/build/";
    private static final String V2_PERIPHERY = "@uniswap/v2-periphery/build/";
    private static final String V3_CORE = "@uniswap/v3-core/artifacts/contracts/";
    private static final String V3_PERIPHERY = "@uniswap/v3-periphery/artifacts/contracts/";

    private final ChainClient client;
    private final Artifacts artifacts;
    private final List<Address> accounts;
    private final Address deployer;
    private final Map<String, Address> contracts = new LinkedHashMap<>();
    private final Map<String, Token> tokens = new LinkedHashMap<>();

    private final List<MarketSpec.PoolSpec> poolSpecs;

    Deployer(ChainClient client, Artifacts artifacts, List<Address> accounts, List<MarketSpec.PoolSpec> poolSpecs) {
        this.poolSpecs = List.copyOf(poolSpecs);
        this.client = client;
        this.artifacts = artifacts;
        this.accounts = accounts;
        this.deployer = accounts.getFirst();
    }

    AddressBook deploy() {
        deployCore();
        fund();
        Map<String, PoolInfo> pools = seedPools();
        return new AddressBook(ChainId.ANVIL, contracts, tokens, pools);
    }

    private void deployCore() {
        DevTxBatch b = new DevTxBatch(client, deployer);
        Map<String, Integer> at = new LinkedHashMap<>();
        at.put("WETH", b.deploy("WETH9", artifacts.npm("canonical-weth/build/contracts/WETH9.json"), new byte[0]));
        for (MarketSpec.TokenSpec t : MarketSpec.TOKENS) {
            at.put(t.symbol(), b.deploy(t.symbol(), Artifacts.own("TestToken"),
                    Abi.encodeArgs("(string,string,uint8)", t.name(), t.symbol(), BigInteger.valueOf(t.decimals()))));
        }
        at.put("Multicall3", b.deploy("Multicall3", Artifacts.own("Multicall3"), new byte[0]));
        at.put("UniswapV2Factory", b.deploy("UniswapV2Factory", artifacts.npm(V2_CORE + "UniswapV2Factory.json"),
                Abi.encodeArgs("(address)", deployer)));
        at.put("UniswapV3Factory", b.deploy("UniswapV3Factory",
                artifacts.npm(V3_CORE + "UniswapV3Factory.sol/UniswapV3Factory.json"), new byte[0]));
        at.put("NFTDescriptor", b.deploy("NFTDescriptor",
                artifacts.npm(V3_PERIPHERY + "libraries/NFTDescriptor.sol/NFTDescriptor.json"), new byte[0]));
        collect(b.flush(), at);

        Address weth = contracts.get("WETH");
        Address v3 = contracts.get("UniswapV3Factory");
        byte[] ethLabel = new byte[32];
        System.arraycopy("ETH".getBytes(StandardCharsets.US_ASCII), 0, ethLabel, 0, 3);
        at.clear();
        at.put("UniswapV2Router02", b.deploy("UniswapV2Router02", artifacts.npm(V2_PERIPHERY + "UniswapV2Router02.json"),
                Abi.encodeArgs("(address,address)", contracts.get("UniswapV2Factory"), weth)));
        at.put("SwapRouter", b.deploy("SwapRouter", artifacts.npm(V3_PERIPHERY + "SwapRouter.sol/SwapRouter.json"),
                Abi.encodeArgs("(address,address)", v3, weth)));
        at.put("QuoterV2", b.deploy("QuoterV2", artifacts.npm(V3_PERIPHERY + "lens/QuoterV2.sol/QuoterV2.json"),
                Abi.encodeArgs("(address,address)", v3, weth)));
        at.put("NonfungibleTokenPositionDescriptor", b.deploy("NonfungibleTokenPositionDescriptor",
                artifacts.npmLinked(V3_PERIPHERY + "NonfungibleTokenPositionDescriptor.sol/NonfungibleTokenPositionDescriptor.json",
                        Map.of("NFTDescriptor", contracts.get("NFTDescriptor"))),
                Abi.encodeArgs("(address,bytes32)", weth, ethLabel)));
        collect(b.flush(), at);

        at.clear();
        at.put("NonfungiblePositionManager", b.deploy("NonfungiblePositionManager",
                artifacts.npm(V3_PERIPHERY + "NonfungiblePositionManager.sol/NonfungiblePositionManager.json"),
                Abi.encodeArgs("(address,address,address)", v3, weth, contracts.get("NonfungibleTokenPositionDescriptor"))));
        collect(b.flush(), at);

        tokens.put("WETH", new Token(weth, "WETH", 18));
        for (MarketSpec.TokenSpec t : MarketSpec.TOKENS) {
            tokens.put(t.symbol(), new Token(contracts.get(t.symbol()), t.symbol(), t.decimals()));
        }
    }

    private void collect(List<JsonNode> receipts, Map<String, Integer> at) {
        at.forEach((name, idx) -> contracts.put(name, DevTxBatch.contractAddress(receipts.get(idx))));
    }

    /** Every dev account gets the test tokens; the deployer also wraps ETH and approves the routers. */
    private void fund() {
        DevTxBatch b = new DevTxBatch(client, deployer);
        mintEach(b, "USDC", MarketSpec.ACCOUNT_USDC);
        mintEach(b, "WBTC", MarketSpec.ACCOUNT_WBTC);
        mintEach(b, "DAI", MarketSpec.ACCOUNT_DAI);
        // the deployer seeds every pool, so it holds far more than a trader
        for (String sym : List.of("USDC", "WBTC", "DAI")) {
            Token t = tokens.get(sym);
            b.call("mint " + sym, t.address(), BigInteger.ZERO, Abi.encodeCall("mint(address,uint256)", deployer,
                    PoolMath.units(BigDecimal.valueOf(sym.equals("WBTC") ? 2_000 : 100_000_000), t.decimals())));
        }
        b.call("wrap ETH", contracts.get("WETH"), PoolMath.units(MarketSpec.DEPLOYER_WETH, 18), Abi.encodeCall("deposit()"));
        for (Token t : tokens.values()) {
            for (String spender : List.of("UniswapV2Router02", "NonfungiblePositionManager", "SwapRouter")) {
                b.call("approve", t.address(), BigInteger.ZERO,
                        Abi.encodeCall("approve(address,uint256)", contracts.get(spender), MAX_UINT));
            }
        }
        b.flush();
    }

    private void mintEach(DevTxBatch b, String symbol, BigDecimal human) {
        Token t = tokens.get(symbol);
        b.call("mint " + symbol + " to dev accounts", t.address(), BigInteger.ZERO,
                Abi.encodeCall("mintEach(address[],uint256)", accounts, PoolMath.units(human, t.decimals())));
    }

    private Map<String, PoolInfo> seedPools() {
        DevTxBatch b = new DevTxBatch(client, deployer);
        List<MarketSpec.PoolSpec> v3 = new ArrayList<>();
        for (MarketSpec.PoolSpec p : poolSpecs) {
            Token base = tokens.get(p.base());
            Token quote = tokens.get(p.quote());
            BigInteger baseAmt = PoolMath.units(p.baseDepth(), base.decimals());
            BigInteger quoteAmt = PoolMath.units(p.baseDepth().multiply(p.price()), quote.decimals());
            if (p.fee() == 0) {
                b.call("V2 liquidity " + p.name(), contracts.get("UniswapV2Router02"), BigInteger.ZERO,
                        Abi.encodeCall("addLiquidity(address,address,uint256,uint256,uint256,uint256,address,uint256)",
                                base.address(), quote.address(), baseAmt, quoteAmt, BigInteger.ZERO, BigInteger.ZERO,
                                deployer, MAX_UINT));
            } else {
                boolean baseIs0 = base.address().compareTo(quote.address()) < 0;
                BigInteger[] frac = PoolMath.rawPrice(p.price(), base.decimals(), quote.decimals(), baseIs0);
                b.call("create " + p.name(), contracts.get("NonfungiblePositionManager"), BigInteger.ZERO,
                        Abi.encodeCall("createAndInitializePoolIfNecessary(address,address,uint24,uint160)",
                                baseIs0 ? base.address() : quote.address(), baseIs0 ? quote.address() : base.address(),
                                BigInteger.valueOf(p.fee()), PoolMath.sqrtPriceX96(frac)));
                v3.add(p);
            }
        }
        b.flush();
        for (MarketSpec.PoolSpec p : v3) {
            mintPositions(b, p);
        }
        b.flush();
        return lookUpPools();
    }

    private void mintPositions(DevTxBatch b, MarketSpec.PoolSpec p) {
        Token base = tokens.get(p.base());
        Token quote = tokens.get(p.quote());
        boolean baseIs0 = base.address().compareTo(quote.address()) < 0;
        int spacing = PoolMath.tickSpacing(p.fee());
        int tick = PoolMath.tickAt(PoolMath.rawPrice(p.price(), base.decimals(), quote.decimals(), baseIs0));
        List<int[]> ranges = new ArrayList<>();
        List<BigDecimal> shares = new ArrayList<>();
        ranges.add(new int[] {PoolMath.minUsableTick(spacing), PoolMath.maxUsableTick(spacing)});
        shares.add(BigDecimal.ONE);
        for (int i = 0; i < MarketSpec.CONCENTRATED_HALF_WIDTH.length; i++) {
            int half = Math.max(MarketSpec.CONCENTRATED_HALF_WIDTH[i], 2 * spacing);
            ranges.add(new int[] {PoolMath.floorToSpacing(tick - half, spacing), PoolMath.floorToSpacing(tick + half, spacing) + spacing});
            shares.add(MarketSpec.CONCENTRATED_SHARE[i]);
        }
        for (int i = 0; i < ranges.size(); i++) {
            BigDecimal depth = p.baseDepth().multiply(shares.get(i));
            BigInteger baseAmt = PoolMath.units(depth, base.decimals());
            BigInteger quoteAmt = PoolMath.units(depth.multiply(p.price()), quote.decimals());
            List<Object> params = List.of(baseIs0 ? base.address() : quote.address(), baseIs0 ? quote.address() : base.address(),
                    BigInteger.valueOf(p.fee()), BigInteger.valueOf(ranges.get(i)[0]), BigInteger.valueOf(ranges.get(i)[1]),
                    baseIs0 ? baseAmt : quoteAmt, baseIs0 ? quoteAmt : baseAmt, BigInteger.ZERO, BigInteger.ZERO,
                    deployer, MAX_UINT);
            b.call("mint position " + p.name(), contracts.get("NonfungiblePositionManager"), BigInteger.ZERO,
                    Abi.encodeCall("mint((address,address,uint24,int24,int24,uint256,uint256,uint256,uint256,address,uint256))", params));
        }
    }

    private Map<String, PoolInfo> lookUpPools() {
        Map<String, PoolInfo> pools = new LinkedHashMap<>();
        for (MarketSpec.PoolSpec p : poolSpecs) {
            Token base = tokens.get(p.base());
            Token quote = tokens.get(p.quote());
            boolean baseIs0 = base.address().compareTo(quote.address()) < 0;
            Token t0 = baseIs0 ? base : quote;
            Token t1 = baseIs0 ? quote : base;
            byte[] out;
            if (p.fee() == 0) {
                out = client.call(null, contracts.get("UniswapV2Factory"), BigInteger.ZERO,
                        Abi.encodeCall("getPair(address,address)", t0.address(), t1.address()), ChainClient.LATEST);
                pools.put(p.name(), new PoolInfo(p.name(), PoolInfo.Kind.V2, new ReturnData(out).address(0), t0, t1, 3000, 0));
            } else {
                out = client.call(null, contracts.get("UniswapV3Factory"), BigInteger.ZERO,
                        Abi.encodeCall("getPool(address,address,uint24)", t0.address(), t1.address(), BigInteger.valueOf(p.fee())),
                        ChainClient.LATEST);
                pools.put(p.name(), new PoolInfo(p.name(), PoolInfo.Kind.V3, new ReturnData(out).address(0), t0, t1,
                        p.fee(), PoolMath.tickSpacing(p.fee())));
            }
        }
        return pools;
    }
}
