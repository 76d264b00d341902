package io.consilium.strategy.config;

/** When the engine asks the strategy for a decision. */
public record ScheduleSpec(
        @Doc("Minimum time between decisions: 0 (every event), or e.g. 30s, 15m, 4h, 1d, 7d. Default 0.") String interval,
        @Range(min = 0, max = 100000) @Doc("Events observed before the first decision (indicator warm-up). Default 0.") Integer warmup) {

    public ScheduleSpec {
        interval = interval == null ? "0" : interval;
        warmup = warmup == null ? 0 : warmup;
    }

    public static ScheduleSpec defaults() {
        return new ScheduleSpec(null, null);
    }
}
