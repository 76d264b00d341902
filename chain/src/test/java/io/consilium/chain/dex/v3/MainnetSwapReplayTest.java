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
    private static final String FILE = "ethereum-0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8-2024-01-05.pool.tick.csv";

    record Row(String type, BigInteger amount0, BigInteger amount1, BigInteger liquidity, BigInteger sqrtPriceX96, int tick) {}

    @Test
    void everySwapThatCrossesNoInitializedTickReproducesMainnet() throws IOException {
        List<String> lines = Files.readAllLines(SharedData.path("uniswap", "v3-events-demeter-fetch", FILE));
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            rows.add(new Row(c[2], new BigInteger(c[8]), new BigInteger(c[9]), new BigInteger(c[10]), new BigInteger(c[12]),
                    new BigDecimal(c[13]).intValueExact()));
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
            if (matches(before, r, zeroForOne, in, V3Pool.noLimit(zeroForOne))) {
                exactIn++;
            } else if (matches(before, r, zeroForOne, out.negate(), V3Pool.noLimit(zeroForOne))) {
                exactOut++;
            } else if (!r.sqrtPriceX96().equals(before.sqrtPriceX96())
                    && matches(before, r, zeroForOne, in.shiftLeft(1), r.sqrtPriceX96())) {
                limited++;
            } else {
                mismatches.add("row " + (i + 2) + " amounts " + r.amount0() + "/" + r.amount1());
            }
        }
        LOG.info("mainnet 0.30% pool: {} swaps, {} crossed no initialized tick: {} exact-in, {} exact-out, {} price-limited, {} mismatches",
                swaps, eligible, exactIn, exactOut, limited, mismatches.size());
        assertEquals(266, swaps, "267 Swap events, the first has no known state before it");
        assertTrue(eligible > 200, "eligible swaps: " + eligible);
        assertEquals(List.of(), mismatches);
    }

    private static boolean matches(Row before, Row after, boolean zeroForOne, BigInteger amountSpecified, BigInteger limit) {
        V3Pool pool = new V3Pool(3000, 60, before.sqrtPriceX96(), before.tick(), before.liquidity(), BigInteger.ZERO, BigInteger.ZERO);
        SwapResult s = pool.swap(zeroForOne, amountSpecified, limit);
        return s.amount0().equals(after.amount0()) && s.amount1().equals(after.amount1())
                && s.sqrtPriceX96().equals(after.sqrtPriceX96()) && s.tick() == after.tick();
    }
}
