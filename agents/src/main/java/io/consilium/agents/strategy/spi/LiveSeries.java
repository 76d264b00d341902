package io.consilium.agents.strategy.spi;

import io.consilium.strategy.spi.PriceSeries;
import java.util.Arrays;

/** Prices observed block by block, oldest first, capped at {@code max} (older ones are dropped). */
final class LiveSeries implements PriceSeries {
    private final int max;
    private long[] times = new long[64];
    private double[] prices = new double[64];
    private int start;
    private int size;

    LiveSeries(int max) {
        this.max = max;
    }

    void add(long time, double price) {
        if (size > 0 && times[start + size - 1] == time) {
            prices[start + size - 1] = price; // same block time: keep the newest reading
            return;
        }
        if (size >= max) {
            start++;
            size--;
        }
        if (start + size == times.length) {
            if (size <= times.length / 2) {
                System.arraycopy(times, start, times, 0, size);
                System.arraycopy(prices, start, prices, 0, size);
                start = 0;
            } else {
                times = Arrays.copyOf(times, times.length * 2);
                prices = Arrays.copyOf(prices, prices.length * 2);
            }
        }
        times[start + size] = time;
        prices[start + size] = price;
        size++;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long time(int i) {
        return times[start + check(i)];
    }

    @Override
    public double price(int i) {
        return prices[start + check(i)];
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index " + i + " of " + size + " observations (nothing after now)");
        }
        return i;
    }
}
