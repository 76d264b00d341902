package io.consilium.strategy.builtin;

import io.consilium.strategy.config.Durations;
import io.consilium.strategy.config.params.OpportunityParams;
import io.consilium.strategy.metrics.MetricsCalculator;
import io.consilium.strategy.spi.Intent;
import io.consilium.strategy.spi.MarketView;
import io.consilium.strategy.spi.PoolView;
import io.consilium.strategy.spi.PortfolioView;
import io.consilium.strategy.spi.PriceSeries;
import io.consilium.strategy.spi.Strategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks candidate V3 pools by net APR = fee APR - expected impermanent loss and keeps the liquidity
 * in the best one. Fee APR of a position of value C on ±width: the pool's fees over the lookback,
 * annualised, times C/(depth+C), divided by C. Expected loss: the loss-versus-holding rate of a
 * concentrated position, sigma^2 * sqrt(P) / (4 * (2 sqrt(P) - sqrt(Pa) - P/sqrt(Pb))) per year,
 * which is sigma^2/8 for a full-range position; sigma^2 is the realised variance of the pool's log
 * price over the lookback, annualised (365-day year).
 */
public final class OpportunityStrategy implements Strategy {
    private final OpportunityParams p;
    private final long lookback;

    public OpportunityStrategy(OpportunityParams p) {
        this.p = p;
        this.lookback = Durations.parse(p.lookback()).toSeconds();
    }

    /** One pool's score. */
    public record Score(String pool, double feeApr, double ilApr) {
        public double net() {
            return feeApr - ilApr;
        }
    }

    public List<Score> rank(MarketView market, double capital) {
        long since = market.now().getEpochSecond() - lookback;
        List<Score> out = new ArrayList<>();
        for (String id : p.pools()) {
            PoolView v = market.pool(id);
            double span = Math.max(1, market.now().getEpochSecond() - Math.max(since, v.history().time(0)));
            double feesPerYear = v.feesSince(since) * MetricsCalculator.YEAR_SECONDS / span;
            double feeApr = capital > 0 ? feesPerYear / (v.depth(p.width()) + capital) : 0;
            out.add(new Score(id, feeApr, variance(v.history(), since) * lvrFactor(p.width())));
        }
        out.sort(Comparator.comparingDouble(Score::net).reversed());
        return out;
    }

    @Override
    public List<Intent> decide(MarketView market, PortfolioView portfolio) {
        double capital = portfolio.equity() * p.allocation();
        List<Score> ranking = rank(market, capital);
        Score best = ranking.getFirst();
        PortfolioView.LiquidityPosition open = portfolio.positions().stream()
                .filter(x -> p.pools().contains(x.pool())).findFirst().orElse(null);
        if (open == null) {
            return best.net() > 0 ? List.of(add(market, best.pool(), portfolio, capital)) : List.of();
        }
        Score current = ranking.stream().filter(s -> s.pool().equals(open.pool())).findFirst().orElseThrow();
        double price = market.pool(open.pool()).price();
        boolean move = !best.pool().equals(open.pool()) && best.net() - current.net() > p.minImprovement();
        boolean outOfRange = LpRangeStrategy.needsRecentre(open, price, 1.0);
        if (!move && !outOfRange) {
            return List.of();
        }
        String target = move ? best.pool() : open.pool();
        return List.of(Intent.RemoveLiquidity.all(open.pool()), add(market, target, portfolio, capital));
    }

    private Intent add(MarketView market, String pool, PortfolioView portfolio, double capital) {
        double price = market.pool(pool).price();
        return new Intent.AddLiquidity(pool, price * (1 - p.width()), price * (1 + p.width()), portfolio.quoteUnits(capital));
    }

    /** Annualised realised variance of log prices since the time (sum of squared log returns per second of window). */
    static double variance(PriceSeries h, long since) {
        int i = Math.max(1, h.indexAtOrAfter(since));
        if (h.size() - i < 2) {
            return 0;
        }
        double ss = 0;
        for (int k = i; k < h.size(); k++) {
            double r = Math.log(h.price(k) / h.price(k - 1));
            ss += r * r;
        }
        double span = h.time(h.size() - 1) - h.time(i - 1);
        return span > 0 ? ss / span * MetricsCalculator.YEAR_SECONDS : 0;
    }

    /** Loss-versus-holding per unit of variance for a position on P(1-w)..P(1+w), at its centre. */
    static double lvrFactor(double w) {
        double sa = Math.sqrt(Math.max(1e-12, 1 - w));
        double sb = Math.sqrt(1 + w);
        return 1 / (4 * (2 - sa - 1 / sb));
    }
}
