package io.consilium.chain.testbed;

import java.math.BigDecimal;
import java.util.List;

/**
 * The market the testbed seeds: tokens, and pools with their opening prices and depth.
 * Prices are "1 base = price quote" in human units (ETH ≈ 3000 USDC, BTC ≈ 60000 USDC).
 */
final class MarketSpec {
    record TokenSpec(String symbol, String name, int decimals) {}

    /** {@code fee} 0 means a V2 pair; {@code baseDepth} is the base amount of the full-range liquidity. */
    record PoolSpec(String base, String quote, int fee, BigDecimal price, BigDecimal baseDepth) {
        String name() {
            return fee == 0 ? "V2:" + base + "/" + quote : "V3:" + base + "/" + quote + ":" + fee;
        }
    }

    static final List<TokenSpec> TOKENS = List.of(
            new TokenSpec("USDC", "USD Coin (testbed)", 6),
            new TokenSpec("WBTC", "Wrapped BTC (testbed)", 8),
            new TokenSpec("DAI", "Dai Stablecoin (testbed)", 18));

    static final List<PoolSpec> POOLS = List.of(
            new PoolSpec("WETH", "USDC", 0, bd("3000"), bd("500")),
            new PoolSpec("WBTC", "USDC", 0, bd("60000"), bd("25")),
            new PoolSpec("WETH", "DAI", 0, bd("3000"), bd("500")),
            new PoolSpec("DAI", "USDC", 0, bd("1"), bd("1000000")),
            new PoolSpec("WBTC", "WETH", 0, bd("20"), bd("25")),
            new PoolSpec("WETH", "USDC", 500, bd("3000"), bd("300")),
            new PoolSpec("WETH", "USDC", 3000, bd("3000"), bd("300")),
            new PoolSpec("WBTC", "USDC", 3000, bd("60000"), bd("15")),
            new PoolSpec("WBTC", "WETH", 3000, bd("20"), bd("15")),
            new PoolSpec("DAI", "USDC", 500, bd("1"), bd("1000000")));

    /** Ten more pools for {@link TestbedOptions#extendedMarket()}: other fee tiers and one more V2 pair. */
    static final List<PoolSpec> EXTRA_POOLS = List.of(
            new PoolSpec("WBTC", "DAI", 0, bd("60000"), bd("10")),
            new PoolSpec("WETH", "USDC", 10000, bd("3000"), bd("100")),
            new PoolSpec("WBTC", "USDC", 500, bd("60000"), bd("5")),
            new PoolSpec("WBTC", "USDC", 10000, bd("60000"), bd("5")),
            new PoolSpec("WBTC", "WETH", 500, bd("20"), bd("5")),
            new PoolSpec("WBTC", "WETH", 10000, bd("20"), bd("5")),
            new PoolSpec("WETH", "DAI", 500, bd("3000"), bd("100")),
            new PoolSpec("WETH", "DAI", 3000, bd("3000"), bd("100")),
            new PoolSpec("DAI", "USDC", 3000, bd("1"), bd("300000")),
            new PoolSpec("WBTC", "DAI", 3000, bd("60000"), bd("5")));

    /** What every dev account receives of each test token (human units), and how much WETH the deployer wraps. */
    static final BigDecimal ACCOUNT_USDC = bd("1000000");
    static final BigDecimal ACCOUNT_WBTC = bd("50");
    static final BigDecimal ACCOUNT_DAI = bd("1000000");
    static final BigDecimal DEPLOYER_WETH = bd("5000");

    /** Concentrated positions: half-widths in ticks around the opening price, and their share of the depth. */
    static final int[] CONCENTRATED_HALF_WIDTH = {600, 120};
    static final BigDecimal[] CONCENTRATED_SHARE = {bd("0.5"), bd("0.25")};

    private MarketSpec() {}

    private static BigDecimal bd(String s) {
        return new BigDecimal(s);
    }
}
