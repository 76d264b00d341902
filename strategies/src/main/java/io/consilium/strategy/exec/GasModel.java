package io.consilium.strategy.exec;

import io.consilium.strategy.StrategyUserError;
import io.consilium.strategy.config.ExecutionSpec;
import io.consilium.strategy.data.DataFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Gas price over time (a constant base fee or a CSV series) plus the tip; costs in wei. One owner at a time (it keeps the last cost). */
public final class GasModel {
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);
    private final long[] times;
    private final double[] baseFees;
    private final double tip;

    public GasModel(ExecutionSpec spec) {
        this.tip = spec.priorityFeeGwei();
        if (spec.baseFeeSeries() == null) {
            times = new long[] {Long.MIN_VALUE};
            baseFees = new double[] {spec.baseFeeGwei()};
            return;
        }
        Path file = DataFiles.resolve(spec.baseFeeSeries(), "execution.baseFeeSeries");
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new StrategyUserError(file + ": cannot read base-fee series: " + e.getMessage());
        }
        long[] t = new long[lines.size()];
        double[] f = new double[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String[] c = lines.get(i).split(",");
            if (c.length < 2 || (i == 0 && !Character.isDigit(c[0].trim().charAt(0)))) {
                continue;
            }
            try {
                String ts = c[0].trim();
                t[n] = ts.matches("\\d{4}-\\d{2}-\\d{2}") ? LocalDate.parse(ts).atStartOfDay(ZoneOffset.UTC).toEpochSecond()
                        : Long.parseLong(ts);
                f[n] = Double.parseDouble(c[1].trim());
            } catch (RuntimeException e) {
                throw new StrategyUserError(file + ":" + (i + 1) + ": want 'timestamp,baseFeeGwei' (YYYY-MM-DD or epoch seconds)");
            }
            if (n > 0 && t[n] <= t[n - 1]) {
                throw new StrategyUserError(file + ":" + (i + 1) + ": timestamps must increase");
            }
            n++;
        }
        if (n == 0) {
            throw new StrategyUserError(file + ": no base-fee rows");
        }
        times = java.util.Arrays.copyOf(t, n);
        baseFees = java.util.Arrays.copyOf(f, n);
    }

    /** Base fee + tip in gwei at the time: the last series value at or before it (the first value before the series starts). */
    public double gweiAt(long time) {
        int lo = 0;
        int hi = times.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (times[mid] <= time) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return baseFees[lo] + tip;
    }

    /** Cost in wei of the gas units at the time. */
    public BigInteger costWei(long gasUnits, long time) {
        double gwei = gweiAt(time);
        // Most events share the gas price of the last: keep the last cost instead of recomputing it.
        if (gasUnits == lastUnits && Double.doubleToRawLongBits(gwei) == lastGweiBits && lastCost != null) {
            return lastCost;
        }
        BigInteger cost = BigInteger.valueOf(gasUnits).multiply(PairScale.toUnits(gwei, 9)).max(BigInteger.ZERO);
        lastUnits = gasUnits;
        lastGweiBits = Double.doubleToRawLongBits(gwei);
        lastCost = cost;
        return cost;
    }

    private long lastUnits;
    private long lastGweiBits;
    private BigInteger lastCost;

    static BigInteger gwei() {
        return GWEI;
    }
}
