package io.consilium.strategy.report;

import io.consilium.strategy.engine.BacktestResult;
import io.consilium.strategy.engine.Trade;
import io.consilium.strategy.metrics.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.html: one self-contained file (uPlot, its CSS and the data inlined; no network) with the
 * equity against buy-and-hold, the drawdown, positions over time, trades on the price, the metrics
 * table, notes, conventions and the YAML used.
 */
final class HtmlReport {
    private static final int MAX_POINTS = 3000;

    private HtmlReport() {
    }

    static String render(BacktestResult r, BacktestReport rep) {
        String html = resource("report-template.html");
        String quote = r.config().quote();
        html = html.replace("/*UPLOT_CSS*/", resource("uPlot.min.css"))
                .replace("@@TITLE@@", esc(rep.name() + " (" + rep.type() + ")"))
                .replace("@@SUBTITLE@@", esc(rep.period().from() + " .. " + rep.period().to() + " · "
                        + rep.period().events() + " events · " + rep.period().decisions() + " decisions"
                        + (rep.description() == null ? "" : " · " + rep.description())))
                .replace("@@QUOTE@@", esc(quote))
                .replace("@@ASSET@@", esc(r.priceAsset()))
                .replace("@@METRICS@@", metricsTable(rep))
                .replace("@@NOTES@@", list(notes(rep)))
                .replace("@@CONVENTIONS@@", list(rep.conventions().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()))
                .replace("@@CONFIG@@", esc(rep.configYaml() == null ? "" : rep.configYaml()));
        // The data and the library go in last, so no placeholder text inside them can be replaced.
        int js = html.indexOf("/*UPLOT_JS*/");
        html = html.substring(0, js) + resource("uPlot.iife.min.js") + html.substring(js + "/*UPLOT_JS*/".length());
        int data = html.indexOf("/*DATA*/");
        return html.substring(0, data) + data(r) + html.substring(data + "/*DATA*/".length());
    }

    private static List<String> notes(BacktestReport rep) {
        List<String> n = new ArrayList<>(rep.notes());
        if (rep.rejectedOrders() > 0) {
            n.add(rep.rejectedOrders() + " order(s) refused before sending; first: " + rep.firstRejections().getFirst().reason());
        }
        if (n.isEmpty()) {
            n.add("none");
        }
        return n;
    }

    static String data(BacktestResult r) {
        long[] t = r.curve().times();
        int n = t.length;
        int step = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
        int[] idx = sample(n, step);
        double[] e = r.curve().equity();
        double[] b = r.curve().benchmark();
        double[] p = r.curve().price();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("asset", r.priceAsset());
        d.put("t", Arrays.stream(idx).mapToLong(i -> t[i]).toArray());
        d.put("equity", pick(e, idx));
        d.put("benchmark", pick(b, idx));
        d.put("drawdown", pick(drawdown(e), idx));
        d.put("benchmarkDrawdown", pick(drawdown(b), idx));
        d.put("price", pick(p, idx));
        List<Map<String, Object>> holdings = new ArrayList<>();
        for (int a = 0; a <= r.assets().size(); a++) {
            double[] h = r.curve().holding(a);
            if (a == r.assets().size() && Arrays.stream(h).allMatch(x -> x == 0)) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", a == r.assets().size() ? "liquidity positions" : r.assets().get(a));
            m.put("values", pick(h, idx));
            holdings.add(m);
        }
        d.put("holdings", holdings);
        Double[] buys = new Double[idx.length];
        Double[] sells = new Double[idx.length];
        Double[] liq = new Double[idx.length];
        for (Trade tr : r.trades()) {
            if (!tr.asset().equals(r.priceAsset())) {
                continue;
            }
            int k = Arrays.binarySearch(d.get("t") instanceof long[] ts ? ts : new long[0], tr.time());
            if (k < 0) {
                k = Math.min(idx.length - 1, -k - 1);
            }
            Double price = Double.isNaN(tr.price()) ? null : tr.price();
            switch (tr.kind()) {
                case BUY -> buys[k] = price;
                case SELL -> sells[k] = price;
                default -> liq[k] = price;
            }
        }
        d.put("buys", buys);
        d.put("sells", sells);
        d.put("liquidity", liq);
        // "<" escaped so the JSON can never close its script element.
        return Reports.toJson(d).replace("<", "\\u003c");
    }

    private static int[] sample(int n, int step) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i += step) {
            out.add(i);
        }
        if (out.getLast() != n - 1) {
            out.add(n - 1);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Double[] pick(double[] v, int[] idx) {
        Double[] o = new Double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            double x = v[idx[i]];
            o[i] = Double.isFinite(x) ? x : null;
        }
        return o;
    }

    static double[] drawdown(double[] e) {
        double[] dd = new double[e.length];
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < e.length; i++) {
            peak = Math.max(peak, e[i]);
            dd[i] = peak > 0 ? -100 * (1 - e[i] / peak) : 0;
        }
        return dd;
    }

    private static String metricsTable(BacktestReport rep) {
        Metrics s = rep.strategy();
        Metrics b = rep.buyAndHold();
        StringBuilder sb = new StringBuilder("<table><thead><tr><th>metric</th><th>strategy</th><th>buy and hold</th></tr></thead><tbody>");
        tr(sb, "start equity", f2(s.startEquity()), f2(b.startEquity()));
        tr(sb, "end equity", f2(s.endEquity()), f2(b.endEquity()));
        tr(sb, "total return", pct(s.totalReturn()), pct(b.totalReturn()));
        tr(sb, "CAGR", pct(s.cagr()), pct(b.cagr()));
        tr(sb, "volatility (annual)", pct(s.volatility()), pct(b.volatility()));
        tr(sb, "Sharpe", f3(s.sharpe()), f3(b.sharpe()));
        tr(sb, "Sortino", f3(s.sortino()), f3(b.sortino()));
        tr(sb, "Calmar", f3(s.calmar()), f3(b.calmar()));
        tr(sb, "Omega", f3(s.omega()), f3(b.omega()));
        tr(sb, "max drawdown", pct(s.maxDrawdown()), pct(b.maxDrawdown()));
        tr(sb, "max drawdown peak → trough", dates(s), dates(b));
        tr(sb, "max drawdown recovered", nz(s.maxDrawdownRecovery()), nz(b.maxDrawdownRecovery()));
        tr(sb, "max drawdown duration (days)", f2(s.maxDrawdownDays()), f2(b.maxDrawdownDays()));
        tr(sb, "longest drawdown (days)", f2(s.longestDrawdownDays()), f2(b.longestDrawdownDays()));
        Metrics.Trades t = s.trades();
        tr(sb, "trades (closed)", t.count() + " (" + t.closed() + ")", "—");
        tr(sb, "win rate", pct(t.winRate()), "—");
        tr(sb, "profit factor", f3(t.profitFactor()), "—");
        tr(sb, "expectancy per closed trade", f2(t.expectancy()), "—");
        tr(sb, "exposure", pct(t.exposure()), "—");
        tr(sb, "fees paid", f2(t.fees()), "0");
        tr(sb, "slippage paid", f2(t.slippage()), "0");
        tr(sb, "gas paid", f2(t.gas()), "0");
        tr(sb, "LP fees earned", f2(t.lpFees()), "—");
        tr(sb, "impermanent loss (closed positions)", f2(t.impermanentLoss()), "—");
        return sb.append("</tbody></table>").toString();
    }

    private static String dates(Metrics m) {
        return m.maxDrawdownPeak() == null ? "—" : m.maxDrawdownPeak() + " → " + m.maxDrawdownTrough();
    }

    private static void tr(StringBuilder sb, String k, String a, String b) {
        sb.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(a)).append("</td><td>").append(esc(b)).append("</td></tr>");
    }

    private static String nz(String s) {
        return s == null ? "—" : s;
    }

    private static String pct(Double d) {
        return d == null ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * d);
    }

    private static String f2(Double d) {
        return d == null ? "n/a" : String.format(Locale.ROOT, "%.2f", d);
    }

    private static String f3(Double d) {
        return d == null ? "n/a" : String.format(Locale.ROOT, "%.3f", d);
    }

    private static String list(List<String> items) {
        StringBuilder sb = new StringBuilder("<ul class=\"notes\">");
        items.forEach(i -> sb.append("<li>").append(esc(i)).append("</li>"));
        return sb.append("</ul>").toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream("/io/consilium/strategy/report/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
