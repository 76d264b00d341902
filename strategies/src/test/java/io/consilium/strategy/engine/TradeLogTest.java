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

    private static double human(SplittableRandom rnd) {
        return switch (rnd.nextInt(8)) {
            case 0 -> Double.NaN;
            case 1 -> rnd.nextBoolean() ? -0.0 : 0.0;
            case 2 -> rnd.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 3 -> rnd.nextDouble(-1e60, 1e60);
            case 4 -> (rnd.nextBoolean() ? 1 : -1) * 0x1p62 / 1e6 * (1 + rnd.nextInt(-2, 3) * 0x1p-52);
            default -> rnd.nextDouble(-1e7, 1e7);
        };
    }

    /** A swap row from its parts equals the Trade the engine built before (toUnits fee, signed slippage). */
    @Test
    void swapRowEqualsTheTradeItStandsFor() {
        SplittableRandom rnd = new SplittableRandom(11);
        TradeLog log = new TradeLog();
        List<Trade> expected = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            boolean sell = rnd.nextBoolean();
            int decimals = rnd.nextBoolean() ? 6 : rnd.nextInt(0, 30);
            double fee = human(rnd);
            double slip = human(rnd);
            BigInteger base = amount(rnd);
            BigInteger quote = amount(rnd);
            BigInteger gas = amount(rnd);
            double price = number(rnd);
            double pnl = number(rnd);
            BigInteger slipUnits = slip >= 0 ? io.consilium.strategy.exec.PairScale.toUnits(slip, decimals)
                    : io.consilium.strategy.exec.PairScale.toUnits(-slip, decimals).negate();
            expected.add(new Trade(i, sell ? Trade.Kind.SELL : Trade.Kind.BUY, "p", "ETH", base, quote, price, price,
                    io.consilium.strategy.exec.PairScale.toUnits(fee, decimals), slipUnits, gas, pnl, Double.NaN, Double.NaN, "r"));
            log.addSwap(i, sell, "p", "ETH", base, quote, price, price, fee, slip, decimals, gas, pnl, "r");
        }
        assertEquals(expected, log);
    }
}
