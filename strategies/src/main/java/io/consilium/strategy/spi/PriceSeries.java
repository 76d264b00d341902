package io.consilium.strategy.spi;

/**
 * Observed prices, oldest first, ending at the current event. Index {@code size()-1} is now;
 * there is no index beyond it, so a strategy cannot read ahead.
 */
public interface PriceSeries {

    int size();

    /** Epoch seconds of observation i. */
    long time(int i);

    double price(int i);

    default double last() {
        return price(size() - 1);
    }

    /** Mean of the last n prices (n <= size). */
    default double mean(int n) {
        double s = 0;
        for (int i = size() - n; i < size(); i++) {
            s += price(i);
        }
        return s / n;
    }

    /** Population standard deviation of the last n prices. */
    default double stdev(int n) {
        double m = mean(n);
        double s = 0;
        for (int i = size() - n; i < size(); i++) {
            double d = price(i) - m;
            s += d * d;
        }
        return Math.sqrt(s / n);
    }

    /** Index of the first observation at or after the epoch second (size() if none). */
    default int indexAtOrAfter(long epochSecond) {
        int lo = 0;
        int hi = size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (time(mid) < epochSecond) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
