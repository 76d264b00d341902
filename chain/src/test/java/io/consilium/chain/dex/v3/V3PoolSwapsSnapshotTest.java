package io.consilium.chain.dex.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.consilium.chain.dex.DexRevert;
import io.consilium.chain.dex.SharedData;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Replays the 240 scenarios of v3-core's UniswapV3Pool.swaps.spec.ts snapshot: pool set-ups are
 * rebuilt from their names (as the spec defines them), every swap is run on a fresh pool, and the
 * pool balances, amount deltas, fee growth deltas, final tick and revert reasons must match exactly.
 */
class V3PoolSwapsSnapshotTest {
    private static final BigInteger E18 = BigInteger.TEN.pow(18);
    private static final Pattern ENTRY = Pattern.compile(
            "exports\\[`UniswapV3Pool swap tests (.+?) (swap .+?) 1`\\] = `\\nObject \\{\\n(.*?)\\n\\}\\n`;", Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\": \"?([^\",]*)\"?,");

    /** encodePriceSqrt of the v3-core test helper: bignumber.js with 40 decimal places, floor after *2^96. */
    static BigInteger encodePriceSqrt(BigInteger reserve1, BigInteger reserve0) {
        BigDecimal ratio = new BigDecimal(reserve1).divide(new BigDecimal(reserve0), 40, RoundingMode.HALF_UP);
        BigDecimal sqrt = ratio.sqrt(new MathContext(200)).setScale(40, RoundingMode.HALF_UP);
        return sqrt.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(96))).setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
    }

    private static BigInteger price(String decimal) {
        BigDecimal d = new BigDecimal(decimal);
        return encodePriceSqrt(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
    }

    record Mint(int lower, int upper, BigInteger liquidity) {}

    private static V3Pool setUp(String name, List<Mint> mints) {
        int fee = name.startsWith("low fee") ? 500 : name.startsWith("high fee") ? 10000 : 3000;
        int ts = fee == 500 ? 10 : fee == 3000 ? 60 : 200;
        int min = -Math.floorDiv(TickMath.MAX_TICK, ts) * ts;
        int max = Math.floorDiv(TickMath.MAX_TICK, ts) * ts;
        BigInteger two = E18.multiply(BigInteger.TWO);
        BigInteger start = encodePriceSqrt(BigInteger.ONE, BigInteger.ONE);
        switch (name) {
            case "low fee, 1:1 price, 2e18 max range liquidity", "medium fee, 1:1 price, 2e18 max range liquidity",
                 "high fee, 1:1 price, 2e18 max range liquidity" -> mints.add(new Mint(min, max, two));
            case "medium fee, 10:1 price, 2e18 max range liquidity" -> {
                start = encodePriceSqrt(BigInteger.TEN, BigInteger.ONE);
                mints.add(new Mint(min, max, two));
            }
            case "medium fee, 1:10 price, 2e18 max range liquidity" -> {
                start = encodePriceSqrt(BigInteger.ONE, BigInteger.TEN);
                mints.add(new Mint(min, max, two));
            }
            case "medium fee, 1:1 price, 0 liquidity, all liquidity around current price" -> {
                mints.add(new Mint(min, -ts, two));
                mints.add(new Mint(ts, max, two));
            }
            case "medium fee, 1:1 price, additional liquidity around current price" -> {
                mints.add(new Mint(min, max, two));
                mints.add(new Mint(min, -ts, two));
                mints.add(new Mint(ts, max, two));
            }
            case "low fee, large liquidity around current price (stable swap)" -> mints.add(new Mint(-ts, ts, two));
            case "medium fee, token0 liquidity only" -> mints.add(new Mint(0, 2000 * ts, two));
            case "medium fee, token1 liquidity only" -> mints.add(new Mint(-2000 * ts, 0, two));
            case "close to max price" -> {
                start = encodePriceSqrt(BigInteger.TWO.pow(127), BigInteger.ONE);
                mints.add(new Mint(min, max, two));
            }
            case "close to min price" -> {
                start = encodePriceSqrt(BigInteger.ONE, BigInteger.TWO.pow(127));
                mints.add(new Mint(min, max, two));
            }
            case "max full range liquidity at 1:1 price with default fee" ->
                    mints.add(new Mint(min, max, V3Pool.maxLiquidityPerTick(ts)));
            case "initialized at the max ratio" -> {
                start = TickMath.MAX_SQRT_RATIO.subtract(BigInteger.ONE);
                mints.add(new Mint(min, max, two));
            }
            case "initialized at the min ratio" -> {
                start = TickMath.MIN_SQRT_RATIO;
                mints.add(new Mint(min, max, two));
            }
            default -> throw new IllegalArgumentException("unknown pool set-up: " + name);
        }
        return new V3Pool(fee, ts, start);
    }

    private static final Pattern SWAP = Pattern.compile(
            "swap (?:exactly ([\\d.]+) (token[01]) for (token[01])|(token[01]) for exactly ([\\d.]+) (token[01])|(token[01]) for (token[01]))"
                    + "(?: to price ([\\d.]+))?");

    @Test
    void allSnapshotScenariosReproduceExactly() throws IOException {
        String snap = Files.readString(SharedData.path("uniswap", "v3-core", "UniswapV3Pool.swaps.spec.ts.snap"));
        Matcher m = ENTRY.matcher(snap);
        int checked = 0;
        int reverts = 0;
        List<String> failures = new ArrayList<>();
        while (m.find()) {
            String poolName = m.group(1);
            String swapName = m.group(2);
            Map<String, String> expected = new LinkedHashMap<>();
            Matcher f = FIELD.matcher(m.group(3) + ",");
            while (f.find()) {
                expected.put(f.group(1), f.group(2));
            }
            List<Mint> mints = new ArrayList<>();
            V3Pool pool = setUp(poolName, mints);
            BigInteger bal0 = BigInteger.ZERO;
            BigInteger bal1 = BigInteger.ZERO;
            for (Mint mint : mints) {
                Amounts a = pool.mint("lp", mint.lower, mint.upper, mint.liquidity);
                bal0 = bal0.add(a.amount0());
                bal1 = bal1.add(a.amount1());
            }
            String label = poolName + " / " + swapName;
            Matcher s = SWAP.matcher(swapName);
            assertTrue(s.matches(), "unparsed swap name: " + swapName);
            boolean zeroForOne;
            BigInteger amount;
            if (s.group(1) != null) {
                zeroForOne = s.group(2).equals("token0");
                amount = new BigDecimal(s.group(1)).multiply(new BigDecimal(E18)).toBigIntegerExact();
            } else if (s.group(4) != null) {
                zeroForOne = s.group(4).equals("token0");
                amount = new BigDecimal(s.group(5)).multiply(new BigDecimal(E18)).toBigIntegerExact().negate();
            } else {
                zeroForOne = s.group(7).equals("token0");
                amount = io.consilium.chain.dex.Uint.MAX_INT256;
            }
            BigInteger limit = s.group(9) != null ? price(s.group(9)) : V3Pool.noLimit(zeroForOne);
            BigInteger fg0 = pool.feeGrowthGlobal0X128();
            BigInteger fg1 = pool.feeGrowthGlobal1X128();
            int tickBefore = pool.tick();
            try {
                String before0 = expected.containsKey("amount0Before") ? expected.get("amount0Before") : expected.get("poolBalance0");
                String before1 = expected.containsKey("amount1Before") ? expected.get("amount1Before") : expected.get("poolBalance1");
                assertEquals(before0, bal0.toString(), label + " balance0");
                assertEquals(before1, bal1.toString(), label + " balance1");
                assertEquals(expected.get("tickBefore"), Integer.toString(tickBefore), label + " tickBefore");
                SwapResult r;
                try {
                    r = pool.swap(zeroForOne, amount, limit);
                } catch (DexRevert e) {
                    String err = expected.get("swapError");
                    assertTrue(err != null && err.endsWith("revert " + e.reason()), label + " reverted " + e.reason() + " expected " + err);
                    reverts++;
                    checked++;
                    continue;
                }
                assertEquals(null, expected.get("swapError"), label + " should revert");
                assertEquals(expected.get("amount0Delta"), r.amount0().toString(), label + " amount0Delta");
                assertEquals(expected.get("amount1Delta"), r.amount1().toString(), label + " amount1Delta");
                assertEquals(expected.get("feeGrowthGlobal0X128Delta"), pool.feeGrowthGlobal0X128().subtract(fg0).toString(), label + " fg0");
                assertEquals(expected.get("feeGrowthGlobal1X128Delta"), pool.feeGrowthGlobal1X128().subtract(fg1).toString(), label + " fg1");
                assertEquals(expected.get("tickAfter"), Integer.toString(pool.tick()), label + " tickAfter");
                checked++;
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + (checked + failures.size()) + " scenarios differ:\n" + String.join("\n", failures));
        }
        assertEquals(240, checked);
        assertEquals(50, reverts);
    }
}
