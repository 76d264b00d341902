package io.consilium.strategy;

import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.data.MarketDataSet;
import io.consilium.strategy.engine.BacktestEngine;
import io.consilium.strategy.engine.BacktestResult;
import io.consilium.strategy.report.BacktestReport;
import io.consilium.strategy.report.Reports;
import java.nio.file.Path;

/** Runs one backtest of a config on loaded data and builds (or writes) its report. */
public final class Backtests {
    private Backtests() {
    }

    public static BacktestResult run(StrategyConfig cfg, MarketDataSet data) {
        return new BacktestEngine(cfg, Strategies.create(cfg), data).run();
    }

    public static long period(BacktestResult r, MarketDataSet data) {
        return Reports.periodSeconds(r, data.bars() == null ? 0 : data.bars().intervalSeconds());
    }

    public static BacktestReport report(BacktestResult r, MarketDataSet data, String yaml) {
        return Reports.build(r, yaml, period(r, data));
    }

    public static BacktestReport write(BacktestResult r, MarketDataSet data, String yaml, Path dir) {
        return Reports.write(r, yaml, period(r, data), dir);
    }
}
