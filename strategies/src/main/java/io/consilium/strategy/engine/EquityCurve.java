package io.consilium.strategy.engine;

import java.util.Arrays;

/**
 * Per-event samples after the decision: equity, buy-and-hold benchmark, price of the first risky
 * asset, the value held in each asset and in liquidity positions.
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
        this.holdings = new double[assets + 1][c];
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
