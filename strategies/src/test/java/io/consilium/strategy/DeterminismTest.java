package io.consilium.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.config.StrategyConfigs;
import io.consilium.strategy.data.MarketDataSet;
import io.consilium.strategy.sweep.Sweep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same YAML and data give byte-identical report.json; a sweep gives the same bytes on 1 or 2 threads. */
class DeterminismTest {
    @TempDir
    Path tmp;

    @Test
    void reportJsonIsByteIdentical() throws IOException {
        for (String name : List.of("eth-usdc-rebalance", "lp-range")) {
            Path file = TestFiles.examples().resolve(name + ".yaml");
            String yaml = Files.readString(file);
            byte[][] out = new byte[2][];
            for (int i = 0; i < 2; i++) {
                StrategyConfig cfg = StrategyConfigs.load(file);
                MarketDataSet data = MarketDataSet.load(cfg, null, null, null);
                Path dir = tmp.resolve(name + i);
                Backtests.write(Backtests.run(cfg, data), data, yaml, dir);
                out[i] = Files.readAllBytes(dir.resolve("report.json"));
                assertArrayEquals(Files.readAllBytes(dir.resolve("trades.csv")),
                        i == 0 ? Files.readAllBytes(dir.resolve("trades.csv")) : Files.readAllBytes(tmp.resolve(name + 0).resolve("trades.csv")));
            }
            assertArrayEquals(out[0], out[1], name);
        }
    }

    @Test
    void sweepIsIndependentOfThreadCount() throws IOException {
        Path file = TestFiles.examples().resolve("eth-usdc-rebalance.yaml");
        String yaml = Files.readString(file);
        Sweep sweep = new Sweep(file, yaml, Sweep.parseParams(List.of("band=0.02,0.05,0.1", "risk.maxPosition=0.6,1")),
                null, null, null);
        sweep.run(1, null).write(tmp.resolve("one"));
        sweep.run(2, null).write(tmp.resolve("two"));
        assertEquals(Files.readString(tmp.resolve("one/summary.json")), Files.readString(tmp.resolve("two/summary.json")));
        assertEquals(7, Files.readAllLines(tmp.resolve("one/summary.csv")).size());
    }

    /** Combinations are bound on all threads, but a bad value still stops the sweep before any run, naming the first one in grid order. */
    @Test
    void aBadValueStopsTheSweepBeforeAnyRun() throws IOException {
        Path file = TestFiles.examples().resolve("eth-usdc-rebalance.yaml");
        Sweep sweep = new Sweep(file, Files.readString(file),
                Sweep.parseParams(List.of("band=0.02,0.05,0.1,0.2", "risk.maxPosition=0.6,1,-1,-2")), null, null, null);
        Path out = tmp.resolve("bad");
        StrategyUserError e = org.junit.jupiter.api.Assertions.assertThrows(StrategyUserError.class, () -> sweep.run(2, out));
        assertEquals(true, e.getMessage().contains("risk.maxPosition=-1"), e.getMessage());
        assertEquals(true, e.getMessage().contains("parameters.band=0.02"), e.getMessage());
        assertEquals(false, Files.exists(out));
    }
}
