package io.consilium.strategy.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * Hand-computed case: daily equity 100, 110, 99, 121. Returns +10%, -10%, +22.22%; mean 7.407%;
 * sample sd 16.2668%; downside deviation sqrt(0.01/3) = 5.7735%; sqrt(365) = 19.10497.
 */
class MetricsCalculatorTest {
    static final long DAY = 86400;
    static final long[] T = {0, DAY, 2 * DAY, 3 * DAY};
    static final double[] E = {100, 110, 99, 121};

    @Test
    void ratiosMatchHandComputation() {
        Metrics m = MetricsCalculator.compute(T, E, DAY, 0.0, null);
        assertEquals(0.21, m.totalReturn(), 1e-12);
        assertEquals(Math.pow(1.21, 365.0 / 3) - 1, m.cagr(), 1e-3);
        assertEquals(3.107769369, m.volatility(), 1e-8);
        assertEquals(8.699820940, m.sharpe(), 1e-8);
        assertEquals(24.511692012, m.sortino(), 1e-8);
        assertEquals(0.3222222222 / 0.1, m.omega(), 1e-9);
        assertEquals(0.1, m.maxDrawdown(), 1e-12);
        assertEquals(m.cagr() / 0.1, m.calmar(), 1e-3);
    }

    @Test
    void riskFreeRateIsCompoundedToThePeriod() {
        Metrics m = MetricsCalculator.compute(T, E, DAY, 0.05, null);
        assertEquals(8.684120475, m.sharpe(), 1e-8);
        assertEquals(24.434791467, m.sortino(), 1e-8);
        assertEquals(3.215250443, m.omega(), 1e-8);
    }

    @Test
    void drawdownDatesAndDurations() {
        Metrics m = MetricsCalculator.compute(T, E, DAY, 0.0, null);
        assertEquals("1970-01-02T00:00:00Z", m.maxDrawdownPeak());
        assertEquals("1970-01-03T00:00:00Z", m.maxDrawdownTrough());
        assertEquals("1970-01-04T00:00:00Z", m.maxDrawdownRecovery());
        assertEquals(2.0, m.maxDrawdownDays(), 1e-12);
        assertEquals(2.0, m.longestDrawdownDays(), 1e-12);
        // Never recovers: the duration runs to the end.
        Metrics open = MetricsCalculator.compute(T, new double[] {100, 120, 90, 100}, DAY, 0.0, null);
        assertEquals(0.25, open.maxDrawdown(), 1e-12);
        assertNull(open.maxDrawdownRecovery());
        assertEquals(2.0, open.maxDrawdownDays(), 1e-12);
    }

    @Test
    void flatCurveHasUndefinedRatios() {
        Metrics m = MetricsCalculator.compute(T, new double[] {5, 5, 5, 5}, DAY, 0.0, null);
        assertEquals(0.0, m.volatility());
        assertNull(m.sharpe());
        assertNull(m.sortino());
        assertNull(m.omega());
        assertNull(m.calmar());
        assertEquals(0.0, m.maxDrawdown());
    }

    @Test
    void resampleTakesLastValueAtOrBeforeEachStep() {
        long[] t = {0, 3600, 90000, 180000};
        double[] v = {1, 2, 3, 4};
        assertArrayEquals(new double[] {1, 2, 3, 4}, MetricsCalculator.resample(t, v, DAY));
        assertArrayEquals(new double[] {1, 4}, MetricsCalculator.resample(new long[] {0, 100}, new double[] {1, 4}, DAY));
    }
}
