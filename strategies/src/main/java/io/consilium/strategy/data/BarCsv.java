package io.consilium.strategy.data;

import io.consilium.strategy.StrategyUserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads OHLCV CSV files in the two layouts the carried data uses: CryptoDataDownload
 * ({@code date,symbol,open,high,low,close,...}, optional banner line, often newest first) and the
 * multi-asset layout ({@code ,BTC:open,BTC:high,...,ETH:close,...}). Times are UTC.
 *
 * <p>Rules: a file entirely in descending order is reversed (stated in the notes); any other
 * out-of-order or duplicate time is an error naming the line; an asset's empty leading rows are
 * dropped (stated); an empty or non-numeric value after its first row is an error; gaps longer
 * than 1.5 bar intervals are listed in the notes (or are an error when gaps are not allowed).
 */
public final class BarCsv {
    private static final String[] FIELDS = {"open", "high", "low", "close", "volume"};

    private BarCsv() {
    }

    /**
     * @param symbols asset name -> symbol in the file
     */
    public static Bars load(Path file, Map<String, String> symbols, LocalDate from, LocalDate to, boolean allowGaps) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new StrategyUserError(file + ": cannot read bar file: " + e.getMessage());
        }
        int headerIdx = -1;
        for (int i = 0; i < Math.min(lines.size(), 3); i++) {
            if (lines.get(i).toLowerCase(Locale.ROOT).contains("open")) {
                headerIdx = i;
                break;
            }
        }
        if (headerIdx < 0) {
            throw new StrategyUserError(file + ":1: no header with an 'open' column; expected "
                    + "'date,symbol,open,high,low,close,volume' or ',SYM:open,SYM:high,SYM:low,SYM:close,SYM:volume'");
        }
        String[] header = split(lines.get(headerIdx));
        Layout layout = Layout.of(file, headerIdx + 1, header, symbols);

        List<Row> rows = new ArrayList<>();
        for (int i = headerIdx + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = split(line);
            long t = parseTime(file, i + 1, cells[0]);
            if (layout.symbolCol >= 0) {
                String sym = cell(cells, layout.symbolCol);
                if (!sym.toUpperCase(Locale.ROOT).startsWith(layout.fileSymbolPrefix)) {
                    continue;
                }
            }
            Map<String, double[]> values = new LinkedHashMap<>();
            for (Map.Entry<String, int[]> e : layout.columns.entrySet()) {
                double[] v = new double[5];
                boolean empty = false;
                for (int f = 0; f < 5; f++) {
                    int col = e.getValue()[f];
                    String s = col < 0 ? "0" : cell(cells, col);
                    if (s.isEmpty()) {
                        empty = true;
                        break;
                    }
                    try {
                        v[f] = Double.parseDouble(s);
                    } catch (NumberFormatException ex) {
                        throw new StrategyUserError(file + ":" + (i + 1) + ": column '" + header[col] + "' value '" + s
                                + "' is not a number");
                    }
                }
                values.put(e.getKey(), empty ? null : v);
            }
            rows.add(new Row(t, i + 1, values));
        }
        if (rows.isEmpty()) {
            throw new StrategyUserError(file + ": no data rows" + (layout.symbolCol >= 0 ? " for symbol " + layout.fileSymbolPrefix : ""));
        }
        List<String> notes = new ArrayList<>();
        rows = order(file, rows, notes);
        List<Row> all = rows;
        rows = window(rows, from, to);
        rows = trimLeading(file, rows, symbols.keySet(), notes);
        if (rows.size() < 2) {
            throw new StrategyUserError(file + ": fewer than 2 bars between " + (from == null ? "the start" : from)
                    + " and " + (to == null ? "the end" : to) + " (data covers " + day(all.getFirst().time) + " .. "
                    + day(all.getLast().time) + ")");
        }
        return build(file, rows, symbols.keySet(), allowGaps, notes);
    }

    private static List<Row> order(Path file, List<Row> rows, List<String> notes) {
        boolean asc = true;
        boolean desc = true;
        for (int i = 1; i < rows.size(); i++) {
            long a = rows.get(i - 1).time;
            long b = rows.get(i).time;
            if (a == b) {
                throw new StrategyUserError(file + ":" + rows.get(i).line + ": duplicate timestamp "
                        + Instant.ofEpochSecond(b) + " (also on line " + rows.get(i - 1).line + "); remove one of the rows");
            }
            asc &= a < b;
            desc &= a > b;
        }
        if (asc) {
            return rows;
        }
        if (desc) {
            notes.add(file.getFileName() + " is newest-first; reversed to oldest-first");
            List<Row> r = new ArrayList<>(rows);
            java.util.Collections.reverse(r);
            return r;
        }
        boolean newestFirst = rows.getFirst().time > rows.getLast().time;
        for (int i = 1; i < rows.size(); i++) {
            if (newestFirst && rows.get(i).time >= rows.get(i - 1).time) {
                throw new StrategyUserError(file + ":" + rows.get(i).line + ": timestamp " + Instant.ofEpochSecond(rows.get(i).time)
                        + " is not before the previous row's " + Instant.ofEpochSecond(rows.get(i - 1).time)
                        + " in a newest-first file (rows are out of order); sort the file by time");
            }
            if (!newestFirst && rows.get(i).time <= rows.get(i - 1).time) {
                throw new StrategyUserError(file + ":" + rows.get(i).line + ": timestamp " + Instant.ofEpochSecond(rows.get(i).time)
                        + " is not after the previous row's " + Instant.ofEpochSecond(rows.get(i - 1).time)
                        + " (rows are unsorted); sort the file by time");
            }
        }
        return rows;
    }

    private static List<Row> trimLeading(Path file, List<Row> rows, Iterable<String> assets, List<String> notes) {
        int start = 0;
        for (String a : assets) {
            int first = 0;
            while (first < rows.size() && rows.get(first).values.get(a) == null) {
                first++;
            }
            if (first == rows.size()) {
                throw new StrategyUserError(file + ": no values for " + a + " in the chosen dates");
            }
            if (first > 0) {
                notes.add(a + " has no data before " + day(rows.get(first).time) + "; the replay starts there");
            }
            start = Math.max(start, first);
            for (int i = first; i < rows.size(); i++) {
                if (rows.get(i).values.get(a) == null) {
                    throw new StrategyUserError(file + ":" + rows.get(i).line + ": empty value for " + a
                            + " after its data began; fill or remove the row");
                }
            }
        }
        return rows.subList(start, rows.size());
    }

    private static List<Row> window(List<Row> rows, LocalDate from, LocalDate to) {
        long lo = from == null ? Long.MIN_VALUE : from.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long hi = to == null ? Long.MAX_VALUE : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        return rows.stream().filter(r -> r.time >= lo && r.time < hi).toList();
    }

    private static Bars build(Path file, List<Row> rows, Iterable<String> assets, boolean allowGaps, List<String> notes) {
        int n = rows.size();
        long[] times = new long[n];
        long[] diffs = new long[n - 1];
        for (int i = 0; i < n; i++) {
            times[i] = rows.get(i).time;
            if (i > 0) {
                diffs[i - 1] = times[i] - times[i - 1];
            }
        }
        long[] sorted = diffs.clone();
        Arrays.sort(sorted);
        long interval = sorted[sorted.length / 2];
        int gaps = 0;
        long worst = 0;
        int worstAt = 0;
        for (int i = 0; i < diffs.length; i++) {
            if (diffs[i] * 2 > interval * 3) {
                gaps++;
                if (diffs[i] > worst) {
                    worst = diffs[i];
                    worstAt = i;
                }
            }
        }
        if (gaps > 0) {
            String g = gaps + " gap(s) longer than 1.5 bars; largest " + Instant.ofEpochSecond(times[worstAt]) + " -> "
                    + Instant.ofEpochSecond(times[worstAt + 1]) + " (line " + rows.get(worstAt + 1).line + ")";
            if (!allowGaps) {
                throw new StrategyUserError(file + ": " + g + "; set data.allowGaps: true to replay across gaps");
            }
            notes.add(g + "; not filled: prices jump across each gap and returns span it");
        }
        Map<String, double[]>[] cols = newMaps(5);
        for (String a : assets) {
            double[][] f = new double[5][n];
            for (int i = 0; i < n; i++) {
                double[] v = rows.get(i).values.get(a);
                if (!(v[0] > 0 && v[1] > 0 && v[2] > 0 && v[3] > 0) || v[1] < Math.max(v[0], v[3]) * (1 - 1e-9)
                        || v[2] > Math.min(v[0], v[3]) * (1 + 1e-9)) {
                    throw new StrategyUserError(file + ":" + rows.get(i).line + ": bad bar for " + a
                            + " (prices must be > 0 with low <= open,close <= high)");
                }
                for (int k = 0; k < 5; k++) {
                    f[k][i] = v[k];
                }
            }
            for (int k = 0; k < 5; k++) {
                cols[k].put(a, f[k]);
            }
        }
        return new Bars(times, cols[0], cols[1], cols[2], cols[3], cols[4], interval, List.copyOf(notes));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, double[]>[] newMaps(int n) {
        Map<String, double[]>[] m = new Map[n];
        for (int i = 0; i < n; i++) {
            m[i] = new LinkedHashMap<>();
        }
        return m;
    }

    static long parseTime(Path file, int line, String s) {
        try {
            if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            }
            if (s.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}-(AM|PM)")) {
                int h = Integer.parseInt(s.substring(11, 13)) % 12 + (s.endsWith("PM") ? 12 : 0);
                return LocalDate.parse(s.substring(0, 10)).atStartOfDay(ZoneOffset.UTC).toEpochSecond() + h * 3600L;
            }
            if (s.matches("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2})?")) {
                String iso = s.replace(' ', 'T');
                return java.time.LocalDateTime.parse(iso.length() == 16 ? iso + ":00" : iso).toEpochSecond(ZoneOffset.UTC);
            }
            if (s.matches("\\d{9,11}")) {
                return Long.parseLong(s);
            }
        } catch (RuntimeException e) {
            // fall through to the user error below
        }
        throw new StrategyUserError(file + ":" + line + ": '" + s + "' is not a time (use YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or epoch seconds)");
    }

    static String[] split(String line) {
        String[] cells = line.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i].trim();
            if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
                c = c.substring(1, c.length() - 1);
            }
            cells[i] = c;
        }
        return cells;
    }

    private static String cell(String[] cells, int col) {
        return col < cells.length ? cells[col] : "";
    }

    static String day(long t) {
        return Instant.ofEpochSecond(t).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    private record Row(long time, int line, Map<String, double[]> values) {
    }

    /** Where each asset's open/high/low/close/volume sit in the header. */
    private record Layout(Map<String, int[]> columns, int symbolCol, String fileSymbolPrefix) {
        static Layout of(Path file, int line, String[] header, Map<String, String> symbols) {
            Map<String, Integer> idx = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                idx.put(header[i].toLowerCase(Locale.ROOT), i);
            }
            Map<String, int[]> cols = new LinkedHashMap<>();
            if (idx.containsKey("open")) {
                if (symbols.size() != 1) {
                    throw new StrategyUserError(file + ":" + line + ": this file holds one symbol but the strategy needs "
                            + symbols.keySet() + "; use a multi-asset file (SYM:open columns)");
                }
                Map.Entry<String, String> only = symbols.entrySet().iterator().next();
                int[] c = new int[5];
                for (int f = 0; f < 5; f++) {
                    Integer k = idx.get(FIELDS[f]);
                    if (k == null && f == 4) {
                        k = idx.entrySet().stream().filter(e -> e.getKey().startsWith("volume")).map(Map.Entry::getValue)
                                .findFirst().orElse(-1);
                    }
                    if (k == null) {
                        throw new StrategyUserError(file + ":" + line + ": missing column '" + FIELDS[f]
                                + "'; expected date,symbol,open,high,low,close,volume");
                    }
                    c[f] = k;
                }
                cols.put(only.getKey(), c);
                int sym = idx.getOrDefault("symbol", -1);
                return new Layout(cols, sym, only.getValue().toUpperCase(Locale.ROOT));
            }
            for (Map.Entry<String, String> s : symbols.entrySet()) {
                int[] c = new int[5];
                for (int f = 0; f < 5; f++) {
                    String want = (s.getValue() + ":" + FIELDS[f]).toLowerCase(Locale.ROOT);
                    Integer k = idx.get(want);
                    if (k == null) {
                        throw new StrategyUserError(file + ":" + line + ": missing column '" + s.getValue() + ":" + FIELDS[f]
                                + "' for asset " + s.getKey() + "; columns present: " + String.join(",", header)
                                + " (map the asset with data.columns: {" + s.getKey() + ": SYMBOL})");
                    }
                    c[f] = k;
                }
                cols.put(s.getKey(), c);
            }
            return new Layout(cols, -1, "");
        }
    }
}
