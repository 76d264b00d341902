package io.consilium.strategy.spi;

import java.util.List;

/**
 * A trading strategy: given the market as of now and its own portfolio, it returns what it wants
 * done. It never sees a clock, a data file or an execution client, so the same object runs in a
 * backtest, in paper mode and live; only the engine around it changes.
 */
public interface Strategy {

    /** Decides on one scheduled tick. An empty list (or {@link Intent.Hold}) means do nothing. */
    List<Intent> decide(MarketView market, PortfolioView portfolio);
}
