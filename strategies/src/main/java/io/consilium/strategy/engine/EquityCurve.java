package io.consilium.strategy.engine;

import java.util.Arrays;

/**
 * Per-event samples after the decision: equity, buy-and-hold benchmark, price of the first risky
 * asset, the value held in each asset and in liquidity positions.
 */
public final class EquityCurve {
    private final int assets;
    private long[] times = new long[1024];
    private double[] equity = new double[1024];
    private double[] benchmark = new double[1024];
    private double[] price = new double[1024];
    private double[][] holdings;
    private int n;

    EquityCurve(int assets) {
        this.assets = assets;
        this.holdings = new double[assets + 1][1024];
    }

    void add(long t, double e, double b, double p, double[] values, double lp) {
        if (n == times.length) {
            int c = n * 2;
            times = Arrays.copyOf(times, c);
            equity = Arrays.copyOf(equity, c);
            benchmark = Arrays.copyOf(benchmark, c);
            price = Arrays.copyOf(price, c);
            for (int i = 0; i <= assets; i++) {
                holdings[i] = Arrays.copyOf(holdings[i], c);
            }
        }
        times[n] = t;
        equity[n] = e;
        benchmark[n] = b;
        price[n] = p;
        for (int i = 0; i < assets; i++) {
            holdings[i][n] = values[i];
        }
        holdings[assets][n] = lp;
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
        return Arrays.copyOf(holdings[i], n);
    }
}
