package io.consilium.strategy.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Human amounts to base units: the bit-level conversion above 2^63 equals BigDecimal's exact one. */
class PairScaleTest {
    @Test
    void largeAmountsConvertExactly() {
        SplittableRandom rnd = new SplittableRandom(13);
        double[] edges = {9.0e18, Math.nextUp(9.0e18), 0x1p63, 0x1p64, Math.nextDown(0x1p64), 1e22, 1e30, 0x1p200, Double.MAX_VALUE};
        for (double v : edges) {
            assertEquals(new BigDecimal(v).toBigInteger(), PairScale.exactInteger(v), Double.toString(v));
        }
        for (int i = 0; i < 100_000; i++) {
            double v = 9.0e18 * Math.pow(2, rnd.nextDouble(0, 900));
            if (Double.isFinite(v)) {
                assertEquals(new BigDecimal(v).toBigInteger(), PairScale.exactInteger(v), Double.toString(v));
                assertEquals(new BigDecimal(v).toBigInteger(), PairScale.toUnits(v, 0), Double.toString(v));
            }
        }
        assertEquals(new BigDecimal(2.5e21).toBigInteger(), PairScale.toUnits(2500, 18));
    }
}
