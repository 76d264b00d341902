package io.consilium.strategy.exec;

import java.util.Arrays;

/** Cumulative LP fees and volume of a pool over time (quote units), for "fees since t" questions. */
final class PoolStats {
    private long[] times = new long[1024];
    private double[] fees = new double[1024];
    private double[] volume = new double[1024];
    private int n;
    private double totalFees;
    private double totalVolume;

    /** Grows the arrays once to hold n samples (a replay knows its event count): no doubling copies. */
    void reserve(int n) {
        if (n > times.length) {
            times = Arrays.copyOf(times, n);
            fees = Arrays.copyOf(fees, n);
            volume = Arrays.copyOf(volume, n);
        }
    }

    void add(long time, double fee, double vol) {
        totalFees += fee;
        totalVolume += vol;
        if (n > 0 && times[n - 1] == time) {
            fees[n - 1] = totalFees;
            volume[n - 1] = totalVolume;
            return;
        }
        if (n == times.length) {
            times = Arrays.copyOf(times, n * 2);
            fees = Arrays.copyOf(fees, n * 2);
            volume = Arrays.copyOf(volume, n * 2);
        }
        times[n] = time;
        fees[n] = totalFees;
        volume[n] = totalVolume;
        n++;
    }

    double feesSince(long since) {
        return totalFees - before(fees, since);
    }

    double volumeSince(long since) {
        return totalVolume - before(volume, since);
    }

    /** The cumulative value recorded strictly before {@code since}. */
    private double before(double[] cum, long since) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < since) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? 0 : cum[lo - 1];
    }
}
