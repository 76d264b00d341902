package io.consilium.strategy.engine;

import io.consilium.strategy.spi.PriceSeries;
import java.util.Arrays;

/**
 * An append-only price series. The engine appends an observation when it processes the event, so
 * a strategy reading it can never see past the current event: there is nothing beyond size().
 */
final class SeriesBuffer implements PriceSeries {
    private long[] times = new long[256];
    private double[] prices = new double[256];
    private int n;

    SeriesBuffer() {
    }

    /** Room for n observations without regrowing. */
    SeriesBuffer(int n) {
        if (n > times.length) {
            times = new long[n];
            prices = new double[n];
        }
    }

    void append(long time, double price) {
        if (n > 0 && times[n - 1] == time) {
            prices[n - 1] = price;
            return;
        }
        if (n == times.length) {
            times = Arrays.copyOf(times, n * 2);
            prices = Arrays.copyOf(prices, n * 2);
        }
        times[n] = time;
        prices[n] = price;
        n++;
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public long time(int i) {
        check(i);
        return times[i];
    }

    @Override
    public double price(int i) {
        check(i);
        return prices[i];
    }

    private void check(int i) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("observation " + i + " does not exist yet (have " + n + ", up to now)");
        }
    }
}
