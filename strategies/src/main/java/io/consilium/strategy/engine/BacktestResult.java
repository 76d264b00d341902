package io.consilium.strategy.engine;

import io.consilium.strategy.config.StrategyConfig;
import java.util.List;

/** What a backtest produced; metrics and reports are computed from it. */
public record BacktestResult(StrategyConfig config, List<String> assets, String priceAsset, EquityCurve curve,
                             List<Trade> trades, List<Rejection> rejections, List<String> notes, long events,
                             int decisions, Long haltedAt, long ticksCrossed) {
}
