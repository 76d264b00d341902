package io.consilium.strategy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The column store gives back trades equal to those appended, wide and negative amounts included. */
class TradeLogTest {
    private static BigInteger amount(SplittableRandom rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> BigInteger.valueOf(Long.MIN_VALUE);
            case 1 -> BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(rnd.nextInt(-2, 3)));
            case 2 -> new BigInteger(rnd.nextInt(1, 200), new Random(rnd.nextLong())).negate();
            case 3 -> new BigInteger(rnd.nextInt(1, 200), new Random(rnd.nextLong()));
            case 4 -> BigInteger.ZERO;
            default -> BigInteger.valueOf(rnd.nextLong());
        };
    }

    private static double number(SplittableRandom rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> Double.NaN;
            case 1 -> -0.0;
            default -> rnd.nextDouble(-1e9, 1e9);
        };
    }

    @Test
    void givesBackWhatWasAppended() {
        SplittableRandom rnd = new SplittableRandom(9);
        TradeLog log = new TradeLog();
        List<Trade> expected = new ArrayList<>();
        List<Trade> early = null;
        for (int i = 0; i < 10_000; i++) {
            Trade t = new Trade(rnd.nextLong(), Trade.Kind.values()[rnd.nextInt(4)], "pool" + rnd.nextInt(3), "ETH",
                    amount(rnd), amount(rnd), number(rnd), number(rnd), amount(rnd), amount(rnd), amount(rnd), number(rnd),
                    number(rnd), number(rnd), "reason " + i);
            log.add(t);
            expected.add(t);
            if (i == 5000) {
                early = log.snapshot();
            }
        }
        assertEquals(expected, log);
        assertEquals(expected, new ArrayList<>(log));
        assertEquals(expected.subList(0, 5001), early);
        assertEquals(5001, early.size());
        List<Trade> e = early;
        assertThrows(IndexOutOfBoundsException.class, () -> e.get(5001));
        assertThrows(IndexOutOfBoundsException.class, () -> log.get(10_000));
    }
}
