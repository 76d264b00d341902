package io.consilium.chain.dex.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.chain.dex.SharedData;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real mainnet swaps of the USDC/WETH 0.30% pool (2024-01-05, demeter-fetch sample). The pool's
 * state before each swap is the state after the previous event. A swap whose liquidity is unchanged
 * crossed no initialized tick, so a pool with that price and liquidity and no initialized ticks must
 * reproduce the Swap event exactly: amount0, amount1, sqrtPriceX96 and tick. The event does not say
 * whether the swap was exact-in, exact-out or stopped by a price limit, so each reading is tried; one
 * must match to the wei.
 */
class MainnetSwapReplayTest {
    private static final Logger LOG = LoggerFactory.getLogger(MainnetSwapReplayTest.class);
    private static final String FILE_030 = "ethereum-0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8-2024-01-05.pool.tick.csv";
    private static final String FILE_005 = "ethereum-0x88e6a0c2ddd26feeb64f039a2c41296fcb3f5640-2024-01-05.tick.csv";

    record Row(String type, BigInteger amount0, BigInteger amount1, BigInteger liquidity, BigInteger sqrtPriceX96, int tick) {}

    @Test
    void everySwapThatCrossesNoInitializedTickReproducesMainnet() throws IOException {
        int[] counts = replay(FILE_030, 3000, 60, "0.30%");
        assertEquals(266, counts[0], "267 Swap events, the first has no known state before it");
        assertTrue(counts[1] > 200, "eligible swaps: " + counts[1]);
    }

    /** The same check on the busier 0.05% pool of the same day (not required, more evidence). */
    @Test
    void sameForTheFiveBasisPointPool() throws IOException {
        int[] counts = replay(FILE_005, 500, 10, "0.05%");
        assertTrue(counts[0] > 6000 && counts[1] > 3000, "swaps " + counts[0] + ", eligible " + counts[1]);
    }

    /** Returns {swaps replayed, swaps that crossed no initialized tick}; fails on any mismatch. */
    private static int[] replay(String file, int fee, int spacing, String label) throws IOException {
        List<String> lines = Files.readAllLines(SharedData.path("uniswap", "v3-events-demeter-fetch", file));
        List<String> header = List.of(lines.get(0).split(","));
        int type = header.indexOf("tx_type");
        int a0 = header.indexOf("amount0");
        int a1 = header.indexOf("amount1");
        int liq = header.indexOf("total_liquidity");
        int price = header.indexOf("sqrtPriceX96");
        int tickCol = header.indexOf("current_tick");
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            rows.add(new Row(c[type], new BigInteger(c[a0]), new BigInteger(c[a1]), new BigInteger(c[liq]), new BigInteger(c[price]),
                    new BigDecimal(c[tickCol]).intValueExact()));
        }
        int swaps = 0;
        int eligible = 0;
        int exactIn = 0;
        int exactOut = 0;
        int limited = 0;
        List<String> mismatches = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (!r.type().equals("SWAP")) {
                continue;
            }
            swaps++;
            Row before = rows.get(i - 1);
            if (!before.liquidity().equals(r.liquidity())) {
                continue; // liquidity changed: an initialized tick was crossed
            }
            eligible++;
            boolean zeroForOne = r.amount0().signum() > 0;
            BigInteger in = zeroForOne ? r.amount0() : r.amount1();
            BigInteger out = zeroForOne ? r.amount1().negate() : r.amount0().negate();
            if (matches(before, r, fee, spacing, zeroForOne, in, V3Pool.noLimit(zeroForOne))) {
                exactIn++;
            } else if (matches(before, r, fee, spacing, zeroForOne, out.negate(), V3Pool.noLimit(zeroForOne))) {
                exactOut++;
            } else if (!r.sqrtPriceX96().equals(before.sqrtPriceX96())
                    && matches(before, r, fee, spacing, zeroForOne, in.shiftLeft(1), r.sqrtPriceX96())) {
                limited++;
            } else {
                mismatches.add("row " + (i + 2) + " amounts " + r.amount0() + "/" + r.amount1());
            }
        }
        LOG.info("mainnet {} pool: {} swaps, {} crossed no initialized tick: {} exact-in, {} exact-out, {} price-limited, {} mismatches",
                label, swaps, eligible, exactIn, exactOut, limited, mismatches.size());
        assertEquals(List.of(), mismatches);
        return new int[] {swaps, eligible};
    }

    private static boolean matches(Row before, Row after, int fee, int spacing, boolean zeroForOne, BigInteger amountSpecified,
                                   BigInteger limit) {
        V3Pool pool = new V3Pool(fee, spacing, before.sqrtPriceX96(), before.tick(), before.liquidity(), BigInteger.ZERO, BigInteger.ZERO);
        SwapResult s = pool.swap(zeroForOne, amountSpecified, limit);
        return s.amount0().equals(after.amount0()) && s.amount1().equals(after.amount1())
                && s.sqrtPriceX96().equals(after.sqrtPriceX96()) && s.tick() == after.tick();
    }
}
