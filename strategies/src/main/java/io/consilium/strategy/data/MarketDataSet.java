package io.consilium.strategy.data;

import io.consilium.strategy.config.PoolSpec;
import io.consilium.strategy.config.StrategyConfig;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a backtest replays: bars (or null) and the recorded swaps of each replaying pool. */
public record MarketDataSet(Bars bars, Map<String, List<SwapEvent>> events, List<String> notes) {

    /**
     * Loads the data the config names. {@code barsOverride}, {@code from} and {@code to} (each may
     * be null) replace the YAML's data.bars / data.from / data.to, as the CLI's --data/--from/--to do.
     */
    public static MarketDataSet load(StrategyConfig cfg, Path barsOverride, LocalDate from, LocalDate to) {
        LocalDate f = from != null ? from : cfg.data().from() == null ? null : LocalDate.parse(cfg.data().from());
        LocalDate t = to != null ? to : cfg.data().to() == null ? null : LocalDate.parse(cfg.data().to());
        List<String> notes = new ArrayList<>();
        Bars bars = null;
        if (barsOverride != null || cfg.data().bars() != null) {
            Path file = barsOverride != null ? barsOverride : DataFiles.resolve(cfg.data().bars(), "data.bars");
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new io.consilium.strategy.StrategyUserError(file + ": data file not found");
            }
            Map<String, String> symbols = new LinkedHashMap<>();
            for (String a : cfg.riskyAssets()) {
                boolean eventsOnly = cfg.pools().stream().anyMatch(p -> p.base().equals(a) && p.replaysEvents());
                if (!eventsOnly) {
                    symbols.put(a, cfg.data().columns() == null ? a : cfg.data().columns().getOrDefault(a, a));
                }
            }
            bars = BarCsv.load(file, symbols, f, t, cfg.data().allowGaps());
            notes.addAll(bars.notes());
        }
        Map<String, List<SwapEvent>> events = new LinkedHashMap<>();
        for (PoolSpec p : cfg.pools()) {
            if (p.replaysEvents()) {
                List<SwapEvent> all = SwapEventCsv.load(DataFiles.resolve(p.events(), "pools." + p.id() + ".events"));
                long lo = f == null ? Long.MIN_VALUE : f.atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
                long hi = t == null ? Long.MAX_VALUE : t.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
                List<SwapEvent> in = all.stream().filter(e -> e.time() >= lo && e.time() < hi).toList();
                if (in.size() < 2) {
                    throw new io.consilium.strategy.StrategyUserError(p.events() + ": fewer than 2 swaps in the date window");
                }
                events.put(p.id(), in);
            }
        }
        return new MarketDataSet(bars, events, List.copyOf(notes));
    }
}
