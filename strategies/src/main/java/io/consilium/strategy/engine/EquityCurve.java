package io.consilium.strategy.engine;

import java.util.Arrays;

/**
 * Per-event samples after the decision: equity, buy-and-hold benchmark, price of the first risky
 * asset, the value held in each asset and in liquidity positions (that column has no array while
 * every value is +0.0: most strategies never hold a position).
 */
public final class EquityCurve {
    private final int assets;
    private long[] times;
    private double[] equity;
    private double[] benchmark;
    private double[] price;
    private double[][] holdings;
    private int n;

    EquityCurve(int assets) {
        this(assets, 1024);
    }

    /** Room for {@code capacity} samples without regrowing (a replay knows its event count). */
    EquityCurve(int assets, int capacity) {
        this.assets = assets;
        int c = Math.max(capacity, 16);
        this.times = new long[c];
        this.equity = new double[c];
        this.benchmark = new double[c];
        this.price = new double[c];
        this.holdings = new double[assets + 1][];
        for (int i = 0; i < assets; i++) {
            holdings[i] = new double[c];
        }
    }

    void add(long t, double e, double b, double p, double[] values, double lp) {
        if (n == times.length) {
            int c = n * 2;
            times = Arrays.copyOf(times, c);
            equity = Arrays.copyOf(equity, c);
            benchmark = Arrays.copyOf(benchmark, c);
            price = Arrays.copyOf(price, c);
            for (int i = 0; i <= assets; i++) {
                if (holdings[i] != null) {
                    holdings[i] = Arrays.copyOf(holdings[i], c);
                }
            }
        }
        times[n] = t;
        equity[n] = e;
        benchmark[n] = b;
        price[n] = p;
        for (int i = 0; i < assets; i++) {
            holdings[i][n] = values[i];
        }
        if (holdings[assets] == null && Double.doubleToRawLongBits(lp) != 0) {
            // no liquidity positions so far: the column was all +0.0 and had no array
            holdings[assets] = new double[times.length];
        }
        if (holdings[assets] != null) {
            holdings[assets][n] = lp;
        }
        n++;
    }

    public int size() {
        return n;
    }

    public long[] times() {
        return Arrays.copyOf(times, n);
    }

    public double[] equity() {
        return Arrays.copyOf(equity, n);
    }

    public double[] benchmark() {
        return Arrays.copyOf(benchmark, n);
    }

    public double[] price() {
        return Arrays.copyOf(price, n);
    }

    /** Value held in asset i (free balance), or in liquidity positions for i == number of assets. */
    public double[] holding(int i) {
        return holdings[i] == null ? new double[n] : Arrays.copyOf(holdings[i], n);
    }
}
