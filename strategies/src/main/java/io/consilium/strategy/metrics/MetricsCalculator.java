package io.consilium.strategy.metrics;

import java.time.Instant;

/** Computes {@link Metrics} from an equity curve; see the conventions on {@link Metrics}. */
public final class MetricsCalculator {
    public static final double YEAR_SECONDS = 365.0 * 86400;

    private MetricsCalculator() {
    }

    public static Metrics compute(long[] times, double[] equity, long periodSeconds, double riskFreeRate,
                                  Metrics.Trades trades) {
        int n = equity.length;
        double start = equity[0];
        double end = equity[n - 1];
        double total = end / start - 1;
        double years = (times[n - 1] - times[0]) / YEAR_SECONDS;
        Double cagr = years > 0 && end > 0 ? Math.pow(end / start, 1 / years) - 1 : null;

        double[] r = returns(resample(times, equity, periodSeconds));
        double ppy = YEAR_SECONDS / periodSeconds;
        double rfp = Math.pow(1 + riskFreeRate, 1 / ppy) - 1;
        Double vol = null;
        Double sharpe = null;
        Double sortino = null;
        Double omega = null;
        if (r.length >= 2) {
            double mean = 0;
            for (double x : r) {
                mean += x;
            }
            mean /= r.length;
            double ss = 0;
            double down = 0;
            double up = 0;
            double dn = 0;
            for (double x : r) {
                ss += (x - mean) * (x - mean);
                double ex = x - rfp;
                if (ex < 0) {
                    down += ex * ex;
                    dn -= ex;
                } else {
                    up += ex;
                }
            }
            double sd = Math.sqrt(ss / (r.length - 1));
            vol = sd * Math.sqrt(ppy);
            double excess = mean - rfp;
            sharpe = sd > 0 ? excess / sd * Math.sqrt(ppy) : null;
            double dd = Math.sqrt(down / r.length);
            sortino = dd > 0 ? excess / dd * Math.sqrt(ppy) : null;
            omega = dn > 0 ? up / dn : null;
        }
        Drawdown d = drawdown(times, equity);
        Double calmar = cagr != null && d.max > 0 ? cagr / d.max : null;
        return new Metrics(start, end, total, cagr, vol, sharpe, sortino, calmar, omega, d.max,
                d.max > 0 ? iso(times[d.peak]) : null, d.max > 0 ? iso(times[d.trough]) : null,
                d.max > 0 && d.recovery >= 0 ? iso(times[d.recovery]) : null,
                d.max > 0 ? ((d.recovery >= 0 ? times[d.recovery] : times[n - 1]) - times[d.peak]) / 86400.0 : 0,
                d.longestSeconds / 86400.0, trades);
    }

    /** Values on a regular grid from the first time, step {@code period}: the last value at or before each step, plus the final value. */
    static double[] resample(long[] times, double[] values, long period) {
        long t0 = times[0];
        long tn = times[times.length - 1];
        int steps = (int) ((tn - t0) / period);
        boolean extra = (tn - t0) % period != 0;
        double[] out = new double[steps + 1 + (extra ? 1 : 0)];
        int j = 0;
        for (int s = 0; s <= steps; s++) {
            long t = t0 + s * period;
            while (j + 1 < times.length && times[j + 1] <= t) {
                j++;
            }
            out[s] = values[j];
        }
        if (extra) {
            out[out.length - 1] = values[values.length - 1];
        }
        return out;
    }

    static double[] returns(double[] v) {
        double[] r = new double[Math.max(0, v.length - 1)];
        for (int i = 1; i < v.length; i++) {
            r[i - 1] = v[i] / v[i - 1] - 1;
        }
        return r;
    }

    record Drawdown(double max, int peak, int trough, int recovery, long longestSeconds) {
    }

    /** Deepest fall from a running peak, its dates, and the longest time spent below a peak. */
    static Drawdown drawdown(long[] times, double[] e) {
        double peakValue = e[0];
        int peakAt = 0;
        boolean below = false;
        double max = 0;
        int maxPeak = 0;
        int maxTrough = 0;
        long longest = 0;
        for (int i = 1; i < e.length; i++) {
            if (e[i] >= peakValue) {
                if (below) {
                    longest = Math.max(longest, times[i] - times[peakAt]);
                }
                below = false;
                peakValue = e[i];
                peakAt = i;
            } else {
                below = true;
                double dd = 1 - e[i] / peakValue;
                if (dd > max) {
                    max = dd;
                    maxPeak = peakAt;
                    maxTrough = i;
                }
            }
        }
        if (below) {
            longest = Math.max(longest, times[e.length - 1] - times[peakAt]);
        }
        int recovery = -1;
        for (int i = maxTrough + 1; i < e.length && max > 0; i++) {
            if (e[i] >= e[maxPeak]) {
                recovery = i;
                break;
            }
        }
        return new Drawdown(max, maxPeak, maxTrough, recovery, longest);
    }

    static String iso(long t) {
        return Instant.ofEpochSecond(t).toString();
    }
}
