package io.consilium.strategy.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.consilium.strategy.StrategyUserError;
import io.consilium.strategy.engine.BacktestResult;
import io.consilium.strategy.engine.Trade;
import io.consilium.strategy.metrics.Metrics;
import io.consilium.strategy.metrics.MetricsCalculator;
import io.consilium.strategy.metrics.TradeStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds report.json, trades.csv, equity.csv and report.html from a backtest result. */
public final class Reports {
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    private Reports() {
    }

    /** The metrics sampling period: the YAML's, else the bar interval, else one hour for recorded swaps. */
    public static long periodSeconds(BacktestResult r, long barInterval) {
        Integer p = r.config().metrics().periodSeconds();
        if (p != null) {
            return p;
        }
        return barInterval > 0 ? barInterval : 3600;
    }

    public static BacktestReport build(BacktestResult r, String configYaml, long periodSeconds) {
        long[] t = r.curve().times();
        double rf = r.config().metrics().riskFreeRate();
        Metrics strategy = MetricsCalculator.compute(t, r.curve().equity(), periodSeconds, rf, TradeStats.of(r));
        Metrics hold = MetricsCalculator.compute(t, r.curve().benchmark(), periodSeconds, rf, null);
        Map<String, String> conv = new LinkedHashMap<>();
        conv.put("year", "365 days; CAGR = (end/start)^(365 days / elapsed) - 1");
        conv.put("returns", "simple returns of equity sampled every " + periodSeconds + " s (last value at or before each step)");
        conv.put("riskFreeRate", rf + " per year, compounded to the sampling period");
        conv.put("volatility", "sample standard deviation of returns * sqrt(periods per year)");
        conv.put("sharpe", "mean excess return / sd * sqrt(periods per year)");
        conv.put("sortino", "mean excess return / downside deviation (root mean square of negative excess returns over all periods) * sqrt(periods per year)");
        conv.put("omega", "sum of excess returns above the risk-free rate / sum of shortfalls below it");
        conv.put("calmar", "CAGR / max drawdown");
        conv.put("drawdown", "from the running peak on every event; duration from the peak to recovery (or the end)");
        conv.put("trades", "closed trades are sells (average-cost PnL, fees, slippage and gas included) and closed liquidity positions (value out + fees - value in - gas)");
        conv.put("exposure", "time-weighted share of equity outside the quote asset");
        conv.put("costs", "fees and slippage (price impact) valued at the pre-trade market price; gas = gas units * (base fee + tip) * ETH price, paid from the quote balance");
        conv.put("benchmark", "initial equity spread over the benchmark weights at the first prices, held without costs");
        BacktestReport.Period period = new BacktestReport.Period(iso(t[0]), iso(t[t.length - 1]), r.events(),
                r.decisions(), periodSeconds, r.priceAsset());
        return new BacktestReport(r.config().name(), r.config().type().key(), r.config().description(),
                r.config().source() == null ? null : r.config().source().getFileName().toString(), period, conv,
                strategy, hold, r.notes(), r.rejections().size(), r.rejections().stream().limit(20).toList(),
                r.haltedAt() == null ? null : iso(r.haltedAt()), configYaml);
    }

    /** Writes the four report files into dir (created if needed) and returns the report. */
    public static BacktestReport write(BacktestResult r, String configYaml, long periodSeconds, Path dir) {
        BacktestReport rep = build(r, configYaml, periodSeconds);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.json"), toJson(rep));
            Files.writeString(dir.resolve("trades.csv"), tradesCsv(r));
            Files.writeString(dir.resolve("equity.csv"), equityCsv(r));
            Files.writeString(dir.resolve("report.html"), HtmlReport.render(r, rep));
        } catch (IOException e) {
            throw new StrategyUserError(dir + ": cannot write the report: " + e.getMessage());
        }
        return rep;
    }

    public static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tradesCsv(BacktestResult r) {
        int qd = r.config().assets().get(r.config().quote()).decimals();
        StringBuilder sb = new StringBuilder("time,kind,pool,asset,base_amount,quote_amount,price,mid_before,fee,slippage,gas,pnl,lp_fees,impermanent_loss,reason\n");
        for (Trade t : r.trades()) {
            int bd = r.config().assets().get(t.asset()).decimals();
            sb.append(iso(t.time())).append(',').append(t.kind()).append(',').append(t.pool()).append(',')
                    .append(t.asset()).append(',').append(dec(t.baseAmount(), bd)).append(',')
                    .append(dec(t.quoteAmount(), qd)).append(',').append(num(t.price())).append(',')
                    .append(num(t.midBefore())).append(',').append(dec(t.fee(), qd)).append(',')
                    .append(dec(t.slippage(), qd)).append(',').append(dec(t.gas(), qd)).append(',')
                    .append(num(t.pnl())).append(',').append(num(t.lpFees())).append(',')
                    .append(num(t.impermanentLoss())).append(',').append(t.reason().replace(',', ';')).append('\n');
        }
        return sb.toString();
    }

    static String equityCsv(BacktestResult r) {
        StringBuilder sb = new StringBuilder("time,equity,buy_and_hold,price_" + r.priceAsset());
        for (String a : r.assets()) {
            sb.append(",value_").append(a);
        }
        sb.append(",value_liquidity\n");
        long[] t = r.curve().times();
        double[] e = r.curve().equity();
        double[] b = r.curve().benchmark();
        double[] p = r.curve().price();
        double[][] h = new double[r.assets().size() + 1][];
        for (int i = 0; i < h.length; i++) {
            h[i] = r.curve().holding(i);
        }
        for (int i = 0; i < t.length; i++) {
            sb.append(iso(t[i])).append(',').append(e[i]).append(',').append(b[i]).append(',').append(p[i]);
            for (double[] col : h) {
                sb.append(',').append(col[i]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String iso(long t) {
        return Instant.ofEpochSecond(t).toString();
    }

    private static String dec(BigInteger units, int decimals) {
        return new BigDecimal(units, decimals).toPlainString();
    }

    private static String num(double d) {
        return Double.isNaN(d) ? "" : Double.toString(d);
    }

    /** The one-screen summary printed after a backtest. */
    public static String summary(BacktestReport rep, Path dir) {
        Metrics s = rep.strategy();
        Metrics b = rep.buyAndHold();
        Metrics.Trades tr = s.trades();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(java.util.Locale.ROOT, "%s (%s)  %s .. %s  %d events, %d decisions%n", rep.name(), rep.type(),
                rep.period().from(), rep.period().to(), rep.period().events(), rep.period().decisions()));
        sb.append(String.format(java.util.Locale.ROOT, "%-22s %14s %14s%n", "", "strategy", "buy-and-hold"));
        row(sb, "equity start", s.startEquity(), b.startEquity(), "%.2f");
        row(sb, "equity end", s.endEquity(), b.endEquity(), "%.2f");
        row(sb, "total return %", 100 * s.totalReturn(), 100 * b.totalReturn(), "%.2f");
        row(sb, "CAGR %", pct(s.cagr()), pct(b.cagr()), "%.2f");
        row(sb, "volatility %", pct(s.volatility()), pct(b.volatility()), "%.2f");
        row(sb, "Sharpe", val(s.sharpe()), val(b.sharpe()), "%.3f");
        row(sb, "Sortino", val(s.sortino()), val(b.sortino()), "%.3f");
        row(sb, "Calmar", val(s.calmar()), val(b.calmar()), "%.3f");
        row(sb, "Omega", val(s.omega()), val(b.omega()), "%.3f");
        row(sb, "max drawdown %", 100 * s.maxDrawdown(), 100 * b.maxDrawdown(), "%.2f");
        row(sb, "max drawdown days", s.maxDrawdownDays(), b.maxDrawdownDays(), "%.1f");
        sb.append(String.format(java.util.Locale.ROOT, "trades %d (closed %d, win rate %s, profit factor %s, expectancy %s), exposure %.1f%%%n",
                tr.count(), tr.closed(), fmt(tr.winRate() == null ? null : 100 * tr.winRate(), "%.1f%%"),
                fmt(tr.profitFactor(), "%.2f"), fmt(tr.expectancy(), "%.2f"), 100 * tr.exposure()));
        sb.append(String.format(java.util.Locale.ROOT, "costs: fees %.2f, slippage %.2f, gas %.2f; LP fees earned %.2f, impermanent loss %.2f%n",
                tr.fees(), tr.slippage(), tr.gas(), tr.lpFees(), tr.impermanentLoss()));
        if (rep.rejectedOrders() > 0) {
            sb.append("rejected orders: ").append(rep.rejectedOrders()).append('\n');
        }
        for (String n : rep.notes()) {
            sb.append("note: ").append(n).append('\n');
        }
        if (dir != null) {
            sb.append("report: ").append(dir.resolve("report.html")).append('\n');
        }
        return sb.toString();
    }

    private static double pct(Double d) {
        return d == null ? Double.NaN : 100 * d;
    }

    private static double val(Double d) {
        return d == null ? Double.NaN : d;
    }

    private static String fmt(Double d, String f) {
        return d == null ? "n/a" : String.format(java.util.Locale.ROOT, f, d);
    }

    private static void row(StringBuilder sb, String label, double a, double b, String f) {
        sb.append(String.format(java.util.Locale.ROOT, "%-22s %14s %14s%n", label, Double.isNaN(a) ? "n/a" : String.format(java.util.Locale.ROOT, f, a),
                Double.isNaN(b) ? "n/a" : String.format(java.util.Locale.ROOT, f, b)));
    }

}
