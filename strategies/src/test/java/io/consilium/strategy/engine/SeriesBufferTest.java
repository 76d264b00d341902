package io.consilium.strategy.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Series sharing a clock, and constant ones without an array, read back exactly what was appended. */
class SeriesBufferTest {
    private static double value(SplittableRandom rnd, int series) {
        if (series == 0) {
            return 1.0;
        }
        return switch (rnd.nextInt(series == 1 ? 200 : 5)) {
            case 0 -> -0.0;
            case 1 -> 0.0;
            case 2 -> Double.NaN;
            default -> series == 1 ? 2.5 : rnd.nextDouble();
        };
    }

    @Test
    void sharedClockAndConstantSeriesReadBackExactly() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int capacity : new int[] {0, 3, 1000}) {
            SeriesBuffer.Clock clock = new SeriesBuffer.Clock(capacity);
            SeriesBuffer[] s = {new SeriesBuffer(clock), new SeriesBuffer(clock), new SeriesBuffer(clock)};
            List<Long> times = new ArrayList<>();
            List<List<Double>> ref = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            long t = 0;
            for (int e = 0; e < 3000; e++) {
                // a repeated time replaces the values of the last observation
                t += rnd.nextInt(4) == 0 ? 0 : 60;
                int at = clock.tick(t);
                boolean same = !times.isEmpty() && times.getLast() == t;
                if (!same) {
                    times.add(t);
                }
                assertEquals(times.size() - 1, at);
                for (int k = 0; k < 3; k++) {
                    double v = value(rnd, k);
                    s[k].set(at, v);
                    if (same) {
                        ref.get(k).set(at, v);
                    } else {
                        ref.get(k).add(v);
                    }
                }
                for (int k = 0; k < 3; k++) {
                    assertEquals(times.size(), s[k].size());
                    int i = rnd.nextInt(times.size());
                    assertEquals(times.get(i), s[k].time(i));
                    assertEquals(Double.doubleToRawLongBits(ref.get(k).get(i)), Double.doubleToRawLongBits(s[k].price(i)));
                }
            }
            for (int k = 0; k < 3; k++) {
                for (int i = 0; i < times.size(); i++) {
                    assertEquals(Double.doubleToRawLongBits(ref.get(k).get(i)), Double.doubleToRawLongBits(s[k].price(i)));
                }
                int n = times.size();
                SeriesBuffer b = s[k];
                assertThrows(IndexOutOfBoundsException.class, () -> b.price(n));
            }
        }
    }

    @Test
    void anEmptyLiquidityColumnReadsAsZeros() {
        EquityCurve c = new EquityCurve(1, 4);
        double[] lp = {0.0, 0.0, -0.0, 3.0, 0.0, Double.NaN, 0.0, 0.0, 0.0};
        for (int i = 0; i < lp.length; i++) {
            c.add(i, 1, 1, 1, new double[] {1}, lp[i]);
        }
        assertArrayEquals(lp, c.holding(1));
        EquityCurve none = new EquityCurve(1, 2);
        for (int i = 0; i < 5; i++) {
            none.add(i, 1, 1, 1, new double[] {1}, 0.0);
        }
        assertArrayEquals(new double[5], none.holding(1));
    }
}
