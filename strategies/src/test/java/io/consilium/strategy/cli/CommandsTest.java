package io.consilium.strategy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.strategy.StrategyUserError;
import io.consilium.strategy.TestFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The backtest/strategy commands as a user runs them (user errors become one line and exit 1, as at the CLI edge). */
class CommandsTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof StrategyUserError) {
                cmd.getErr().println("error: " + ex.getMessage());
                return 1;
            }
            throw ex;
        });
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void backtestWritesTheFourFilesAndASummary() throws Exception {
        Path out = tmp.resolve("r");
        Run r = run(new BacktestCommand(), TestFiles.examples().resolve("dca.yaml").toString(), "--from", "2019-01-01",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : new String[] {"report.html", "report.json", "trades.csv", "equity.csv"}) {
            assertTrue(Files.size(out.resolve(f)) > 100, f);
        }
        assertTrue(r.out().contains("eth-dca-weekly (dca)  2019-01-01T00:00:00Z"), r.out());
        assertTrue(r.out().lines().count() < 25, "one screen");
        Run bad = run(new BacktestCommand(), TestFiles.examples().resolve("dca.yaml").toString(), "--from", "Jan 1");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--from 'Jan 1' is not a date"), bad.err());
    }

    @Test
    void validateReportsFileLineColumn() throws Exception {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, Files.readString(TestFiles.examples().resolve("grid.yaml")).replace("levels: 12", "levles: 12"));
        Run r = run(new StrategyCommand(), "validate", f.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().matches("(?s)error: .*s\\.yaml:\\d+:3: parameters\\.levles: unknown key 'levles' \\(did you mean 'levels'\\?\\).*"),
                r.err());
        Run ok = run(new StrategyCommand(), "validate", TestFiles.examples().resolve("grid.yaml").toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("ok (grid 'eth-grid'"));
    }

    @Test
    void llmStrategyValidatesButIsNotBacktested() {
        Path llm = TestFiles.examples().resolve("llm-eth-usdc.yaml");
        Run ok = run(new StrategyCommand(), "validate", llm.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("ok (llm 'llm-eth-usdc', pool V2:WETH/USDC, runs in the daemon)"), ok.out());
        Run bt = run(new BacktestCommand(), llm.toString(), "--out", tmp.resolve("llm").toString());
        assertEquals(1, bt.code());
        assertEquals(1, bt.err().lines().count(), bt.err());
        assertTrue(bt.err().contains("type llm needs the model; run it in the daemon"), bt.err());
    }

    @Test
    void schemaIsJson() throws Exception {
        Run r = run(new StrategyCommand(), "schema");
        assertEquals(0, r.code());
        com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals("object", n.get("type").asText());
        assertTrue(n.get("properties").has("parameters"));
    }

    @Test
    void sweepPrintsATableAndWritesSummaries() throws Exception {
        Path out = tmp.resolve("sweep");
        Run r = run(new BacktestCommand(), "sweep", TestFiles.examples().resolve("eth-usdc-rebalance.yaml").toString(),
                "--param", "band=0.02,0.1", "--param", "execution.maxSlippage=0.005,0.02", "--out", out.toString(),
                "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertEquals(5, Files.readAllLines(out.resolve("summary.csv")).size());
        assertTrue(r.out().contains("maxSlippage") && r.out().contains("4 runs"), "[" + r.out() + "]");
        Run bad = run(new BacktestCommand(), "sweep", TestFiles.examples().resolve("eth-usdc-rebalance.yaml").toString(),
                "--param", "band=2");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("with --param {parameters.band=2}: parameters.band: 2.0 is out of range"), bad.err());
    }
}
