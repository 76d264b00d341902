package io.consilium.strategy.data;

import java.util.List;
import java.util.Map;

/**
 * OHLCV bars of one or more assets on one shared, strictly increasing time axis (epoch seconds of
 * the bar's start). {@code notes} states every repair or irregularity found while loading.
 */
public record Bars(long[] times, Map<String, double[]> open, Map<String, double[]> high, Map<String, double[]> low,
                   Map<String, double[]> close, Map<String, double[]> volume, long intervalSeconds, List<String> notes) {

    public int size() {
        return times.length;
    }
}
