package io.consilium.chain.dex.v3;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The initialized ticks a quoted swap crossed, in order, each with the swap direction's global fee growth at the
 * crossing: what committing the quote replays (Tick.cross) so the pool ends as the swap itself would leave it.
 */
final class CrossedTicks {
    private int[] ticks = new int[8];
    private BigInteger[] growth = new BigInteger[8];
    private int count;

    void add(int tick, BigInteger feeGrowthGlobal) {
        if (count == ticks.length) {
            ticks = Arrays.copyOf(ticks, 2 * count);
            growth = Arrays.copyOf(growth, 2 * count);
        }
        ticks[count] = tick;
        growth[count] = feeGrowthGlobal;
        count++;
    }

    int count() {
        return count;
    }

    int tick(int i) {
        return ticks[i];
    }

    BigInteger growth(int i) {
        return growth[i];
    }
}
