package io.consilium.strategy.report;

import io.consilium.strategy.engine.Rejection;
import io.consilium.strategy.metrics.Metrics;
import java.util.List;
import java.util.Map;

/** The content of report.json. No wall-clock time or absolute path goes in, so equal inputs give equal bytes. */
public record BacktestReport(
        String name,
        String type,
        String description,
        String configFile,
        Period period,
        Map<String, String> conventions,
        Metrics strategy,
        Metrics buyAndHold,
        List<String> notes,
        int rejectedOrders,
        List<Rejection> firstRejections,
        String haltedAt,
        String configYaml) {

    public record Period(String from, String to, long events, int decisions, long periodSeconds, String priceAsset) {
    }
}
