package io.consilium.strategy.engine;

import io.consilium.strategy.data.Bars;
import io.consilium.strategy.data.SwapEvent;
import java.util.List;
import java.util.Map;

/**
 * The backtest's market-data source: bars and recorded swaps merged in time order (a bar before a
 * swap at the same second; pools in YAML order). Events are handed out one at a time.
 */
final class HistoricalFeed {
    private final Bars bars;
    private final String[] poolIds;
    private final List<SwapEvent>[] swaps;
    private final int[] cursor;
    private int barCursor;

    @SuppressWarnings("unchecked")
    HistoricalFeed(Bars bars, Map<String, List<SwapEvent>> events) {
        this.bars = bars;
        this.poolIds = events.keySet().toArray(String[]::new);
        this.swaps = new List[poolIds.length];
        for (int i = 0; i < poolIds.length; i++) {
            swaps[i] = events.get(poolIds[i]);
        }
        this.cursor = new int[poolIds.length];
        // Replaying pools start in the state after their first recorded swap.
        java.util.Arrays.fill(cursor, 1);
    }

    interface Sink {
        void bar(int index, long time);

        void swap(String pool, SwapEvent e);
    }

    /** Delivers the next event; false when the data is exhausted. */
    boolean next(Sink sink) {
        long best = Long.MAX_VALUE;
        int which = -2;
        if (bars != null && barCursor < bars.size()) {
            best = bars.times()[barCursor];
            which = -1;
        }
        for (int i = 0; i < swaps.length; i++) {
            if (cursor[i] < swaps[i].size() && swaps[i].get(cursor[i]).time() < best) {
                best = swaps[i].get(cursor[i]).time();
                which = i;
            }
        }
        if (which == -2) {
            return false;
        }
        if (which == -1) {
            sink.bar(barCursor, best);
            barCursor++;
        } else {
            sink.swap(poolIds[which], swaps[which].get(cursor[which]++));
        }
        return true;
    }

    long firstTime() {
        long t = bars == null ? Long.MAX_VALUE : bars.times()[0];
        for (List<SwapEvent> s : swaps) {
            t = Math.min(t, s.getFirst().time());
        }
        return t;
    }
}
