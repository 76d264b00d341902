package io.consilium.strategy.metrics;

import io.consilium.strategy.engine.BacktestResult;
import io.consilium.strategy.engine.Trade;
import java.math.BigInteger;

/** Trade statistics of a backtest: closed-trade PnL (sells and closed positions), exposure and costs. */
public final class TradeStats {
    private TradeStats() {
    }

    public static Metrics.Trades of(BacktestResult r) {
        int quoteDecimals = r.config().assets().get(r.config().quote()).decimals();
        int closed = 0;
        int wins = 0;
        double gain = 0;
        double loss = 0;
        double lpFees = 0;
        double il = 0;
        BigInteger fees = BigInteger.ZERO;
        BigInteger gas = BigInteger.ZERO;
        BigInteger slip = BigInteger.ZERO;
        for (Trade t : r.trades()) {
            fees = fees.add(t.fee());
            gas = gas.add(t.gas());
            slip = slip.add(t.slippage());
            if (!Double.isNaN(t.pnl())) {
                closed++;
                if (t.pnl() > 0) {
                    wins++;
                    gain += t.pnl();
                } else {
                    loss -= t.pnl();
                }
            }
            if (!Double.isNaN(t.lpFees())) {
                lpFees += t.lpFees();
                il += t.impermanentLoss();
            }
        }
        double scale = Math.pow(10, quoteDecimals);
        return new Metrics.Trades(r.trades().size(), closed,
                closed > 0 ? (double) wins / closed : null,
                loss > 0 ? gain / loss : null,
                closed > 0 ? (gain - loss) / closed : null,
                exposure(r), fees.doubleValue() / scale, gas.doubleValue() / scale, slip.doubleValue() / scale, lpFees, il);
    }

    /** Time-weighted mean share of equity held outside the quote asset (liquidity positions included). */
    static double exposure(BacktestResult r) {
        long[] t = r.curve().times();
        double[] e = r.curve().equity();
        double[] quote = r.curve().holding(r.assets().size() - 1);
        double num = 0;
        long den = 0;
        for (int i = 0; i + 1 < t.length; i++) {
            long dt = t[i + 1] - t[i];
            if (e[i] > 0) {
                num += (1 - quote[i] / e[i]) * dt;
            }
            den += dt;
        }
        return den > 0 ? num / den : 0;
    }
}
