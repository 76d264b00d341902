package io.consilium.strategy.builtin;

import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.config.params.ArbitrageParams;
import io.consilium.strategy.spi.Intent;
import io.consilium.strategy.spi.MarketView;
import io.consilium.strategy.spi.PoolView;
import io.consilium.strategy.spi.PortfolioView;
import io.consilium.strategy.spi.Strategy;
import java.math.BigInteger;
import java.util.List;

/**
 * Two-pool arbitrage: buy the base in the cheaper pool with x quote and sell what it returns in the
 * dearer pool. Profit(x) from exact pool quotes is concave in x, so a golden-section search over
 * [0, maxTrade] finds the best size; the round trip is taken when it beats gas plus minProfit.
 */
public final class ArbitrageStrategy implements Strategy {
    private static final double PHI = (Math.sqrt(5) - 1) / 2;
    private final ArbitrageParams p;
    private final String quote;
    private final long swapGas;

    public ArbitrageStrategy(StrategyConfig cfg, ArbitrageParams p) {
        this.p = p;
        this.quote = cfg.quote();
        this.swapGas = cfg.execution().swapGas();
    }

    @Override
    public List<Intent> decide(MarketView market, PortfolioView portfolio) {
        PoolView a = market.pool(p.poolA());
        PoolView b = market.pool(p.poolB());
        PoolView cheap = a.price() <= b.price() ? a : b;
        PoolView dear = cheap == a ? b : a;
        double fees = (cheap.feeBps() + dear.feeBps()) / 10_000.0;
        if (dear.price() / cheap.price() - 1 <= fees) {
            return List.of();
        }
        int qd = portfolio.decimals(quote);
        double budget = Math.min(p.maxTrade().doubleValue(), portfolio.value(quote) * 0.99);
        double lo = 0;
        double hi = budget;
        for (int i = 0; i < 40 && hi - lo > 1e-6 * budget; i++) {
            double m1 = hi - PHI * (hi - lo);
            double m2 = lo + PHI * (hi - lo);
            if (profit(cheap, dear, m1, qd) < profit(cheap, dear, m2, qd)) {
                lo = m1;
            } else {
                hi = m2;
            }
        }
        double x = (lo + hi) / 2;
        double gas = 2 * market.gasCost(swapGas);
        if (profit(cheap, dear, x, qd) - gas <= p.minProfit().doubleValue()) {
            return List.of();
        }
        BigInteger in = units(x, qd);
        BigInteger mid = cheap.quoteOut(false, in);
        if (mid.signum() <= 0) {
            return List.of();
        }
        return List.of(new Intent.Swap(cheap.id(), quote, cheap.base(), in),
                new Intent.Swap(dear.id(), dear.base(), quote, mid));
    }

    /** Quote returned minus quote spent for a round trip of x quote, from exact pool quotes. */
    private static double profit(PoolView cheap, PoolView dear, double x, int qd) {
        BigInteger in = units(x, qd);
        if (in.signum() <= 0) {
            return 0;
        }
        BigInteger back = dear.quoteOut(true, cheap.quoteOut(false, in));
        return back.subtract(in).doubleValue() / Math.pow(10, qd);
    }

    private static BigInteger units(double x, int decimals) {
        return io.consilium.strategy.exec.PairScale.toUnits(x, decimals);
    }
}
