package io.consilium.strategy.engine;

import io.consilium.strategy.spi.PriceSeries;
import java.util.Arrays;

/**
 * An append-only price series. The engine appends an observation when it processes the event, so
 * a strategy reading it can never see past the current event: there is nothing beyond size().
 * The series of one market state observe at the same events, so they share one {@link Clock} of
 * times; a series whose every value so far is the same (the quote asset's 1.0) keeps one value
 * instead of an array until a different one arrives. A replay stores a value per event per
 * series for its whole length, so this is the footprint the collector copies.
 */
final class SeriesBuffer implements PriceSeries {
    /** The observation times of a group of series that append together. */
    static final class Clock {
        private long[] times;
        private int n;

        Clock(int capacity) {
            times = new long[Math.max(capacity, 256)];
        }

        /** Starts the observation at time t, or keeps the current one when it has the same time; returns its index. */
        int tick(long t) {
            if (n > 0 && times[n - 1] == t) {
                return n - 1;
            }
            if (n == times.length) {
                times = Arrays.copyOf(times, n * 2);
            }
            times[n] = t;
            return n++;
        }

        int capacity() {
            return times.length;
        }
    }

    private final Clock clock;
    /** Values by index, or null while every value so far equals {@link #constant} (bit for bit). */
    private double[] prices;
    private double constant;

    SeriesBuffer(Clock clock) {
        this.clock = clock;
    }

    /** Sets the value of observation i (the clock's latest, from {@link Clock#tick}). */
    void set(int i, double price) {
        if (prices == null) {
            if (i == 0) {
                constant = price;
                return;
            }
            if (Double.doubleToRawLongBits(price) == Double.doubleToRawLongBits(constant)) {
                return;
            }
            prices = new double[clock.capacity()];
            Arrays.fill(prices, 0, i, constant);
        } else if (i >= prices.length) {
            prices = Arrays.copyOf(prices, clock.capacity());
        }
        prices[i] = price;
    }

    @Override
    public int size() {
        return clock.n;
    }

    @Override
    public long time(int i) {
        check(i);
        return clock.times[i];
    }

    @Override
    public double price(int i) {
        check(i);
        return prices == null ? constant : prices[i];
    }

    private void check(int i) {
        if (i < 0 || i >= clock.n) {
            throw new IndexOutOfBoundsException("observation " + i + " does not exist yet (have " + clock.n + ", up to now)");
        }
    }
}
