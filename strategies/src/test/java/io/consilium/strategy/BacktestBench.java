package io.consilium.strategy;

import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.config.StrategyConfigs;
import io.consilium.strategy.data.Bars;
import io.consilium.strategy.data.MarketDataSet;
import io.consilium.strategy.engine.BacktestEngine;
import io.consilium.strategy.engine.BacktestResult;
import io.consilium.strategy.spi.Intent;
import io.consilium.strategy.spi.Strategy;
import io.consilium.strategy.sweep.Sweep;
import io.consilium.strategy.sweep.SweepResult;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Measures and prints (asserts nothing):
 * <ol>
 * <li>events/s of a replay (first replay = cold, second in the same JVM = warm) of N synthetic minute bars (random walk, 0.1% per step) where every event
 * is an arbitrage of the pool to the market plus a strategy fill, on a V2 pair and on a V3 pool
 * whose depth sits in 400 nested ranges so the price crosses initialized ticks; single-threaded;</li>
 * <li>the wall time of a 100-run sweep of config/strategies/eth-usdc-rebalance.yaml on N threads.</li>
 * </ol>
 * Run: java -cp ... io.consilium.strategy.BacktestBench [events=1000000] [threads=2] [parts=v2,v3,sweep]
 * (parts: a comma list of what to run, default all three). Each replay line also gives the bench
 * thread's allocation per event, the collections (count, time) and the JIT compilation time
 * (all compiler threads) during it.
 */
public final class BacktestBench {
    private BacktestBench() {
    }

    static String yaml(String pool) {
        return """
                name: bench
                type: dca
                quote: USDC
                assets:
                  ETH: {decimals: 18}
                  USDC: {decimals: 6}
                pools:
                  - %s
                data: {bars: bench.csv}
                capital: {USDC: 10000000, ETH: 5000}
                parameters: {asset: ETH, amount: 1}
                execution: {maxSlippage: 0.05}
                """.formatted(pool);
    }

    static Bars walk(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] t = new long[n];
        double[] c = new double[n];
        double p = 2000;
        for (int i = 0; i < n; i++) {
            t[i] = 1_600_000_000L + 60L * i;
            p *= Math.exp(0.001 * rnd.nextGaussian());
            // Keep the walk inside the simulated pools' ranges.
            p = Math.min(2600, Math.max(1500, p));
            c[i] = p;
        }
        return new Bars(t, Map.of("ETH", c), Map.of("ETH", c), Map.of("ETH", c), Map.of("ETH", c), Map.of("ETH", new double[n]),
                60, List.of());
    }

    private static final BigInteger THOUSAND_ETH_WEI = BigInteger.TEN.pow(21);

    /** Buys then sells 1,000 USDC worth on alternate events: one fill per event. */
    static Strategy pingPong() {
        return new Strategy() {
            boolean buy = true;

            @Override
            public List<Intent> decide(io.consilium.strategy.spi.MarketView market, io.consilium.strategy.spi.PortfolioView pf) {
                buy = !buy;
                if (buy) {
                    return List.of(new Intent.Swap(null, "USDC", "ETH", BigInteger.valueOf(1_000_000_000L)));
                }
                return List.of(new Intent.Swap(null, "ETH", "USDC",
                        THOUSAND_ETH_WEI.divide(BigInteger.valueOf(Math.round(market.price("ETH"))))));
            }
        };
    }

    static void replay(String label, String pool, Bars bars) {
        StrategyConfig cfg = StrategyConfigs.parse(yaml(pool), "bench.yaml", null);
        MarketDataSet data = new MarketDataSet(bars, Map.of(), List.of());
        // Warm-up on a short prefix so the JIT has compiled the hot path.
        Bars warm = walk(50_000, 1);
        new BacktestEngine(cfg, pingPong(), new MarketDataSet(warm, Map.of(), List.of())).run();
        // The first full replay is the headline (cold: JIT still finishing, heap still growing to hold
        // a million trades); the second, in the same JVM, is labelled warm (steady state). Both print.
        timed(label + " [cold]", cfg, data);
        timed(label + " [warm]", cfg, data);
    }

    private static void timed(String label, StrategyConfig cfg, MarketDataSet data) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        // the whole process's CPU too: garbage collection and JIT compilation run on other threads
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.ThreadMXBean amx = (com.sun.management.ThreadMXBean) mx;
        long a0 = amx.getCurrentThreadAllocatedBytes();
        long[] g0 = gc();
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        long j0 = jit.getTotalCompilationTime();
        Map<String, Long> cpu0 = threadCpu();
        long p0 = os.getProcessCpuTime();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        BacktestResult r = new BacktestEngine(cfg, pingPong(), data).run();
        double s = (System.nanoTime() - t0) / 1e9;
        double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        double pcpu = (os.getProcessCpuTime() - p0) / 1e9;
        double alloc = (double) (amx.getCurrentThreadAllocatedBytes() - a0) / r.events();
        long[] g1 = gc();
        long jitMs = jit.getTotalCompilationTime() - j0;
        Map<String, Long> cpu1 = threadCpu();
        String split = cpu1.isEmpty() ? "" : String.format(Locale.ROOT, "; CPU of VM/GC threads %.2f s, JIT threads %.2f s",
                (cpu1.getOrDefault("gc", 0L) - cpu0.getOrDefault("gc", 0L)) / 100.0,
                (cpu1.getOrDefault("jit", 0L) - cpu0.getOrDefault("jit", 0L)) / 100.0);
        System.out.printf(Locale.ROOT, "%-47s %,d events: wall %.2f s = %,.0f events/s; thread CPU %.2f s = %,.0f events/s;"
                        + " process CPU %.2f s = %,.0f events/s; %,d fills, %,d rejected, %,d initialized ticks crossed;"
                        + " %.0f B/event allocated, %d GCs %d ms, JIT %d ms%s%n",
                label, r.events(), s, r.events() / s, cpu, r.events() / cpu, pcpu, r.events() / pcpu, r.trades().size(),
                r.rejections().size(), r.ticksCrossed(), alloc, g1[0] - g0[0], g1[1] - g0[1], jitMs, split);
    }

    /**
     * CPU ticks (1/100 s) so far of the JVM's collector threads ("gc": the VM thread, which runs
     * Serial collections, and GC worker threads) and compiler threads ("jit"), from Linux's
     * /proc/self/task; empty elsewhere.
     */
    private static Map<String, Long> threadCpu() {
        Map<String, Long> out = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String comm;
                String stat;
                try {
                    comm = Files.readString(t.resolve("comm")).strip();
                    stat = Files.readString(t.resolve("stat"));
                } catch (java.io.IOException e) {
                    continue;
                }
                String kind = comm.startsWith("VM Thread") || comm.startsWith("GC ") || comm.startsWith("G1 ") ? "gc"
                        : comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler") ? "jit" : null;
                if (kind == null) {
                    continue;
                }
                // fields after the ")" that ends the name: state is the 3rd field, utime the 14th, stime the 15th
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out.merge(kind, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
            }
        } catch (java.io.IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    /** Collections so far and their accumulated time in ms, over all collectors. */
    private static long[] gc() {
        long n = 0;
        long ms = 0;
        for (java.lang.management.GarbageCollectorMXBean b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionCount());
            ms += Math.max(0, b.getCollectionTime());
        }
        return new long[] {n, ms};
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<String> parts = List.of((args.length > 2 ? args[2] : "v2,v3,sweep").split(","));
        Bars bars = walk(n, 42);
        if (parts.contains("v2")) {
            replay("V2 fills (0.30%, $50M)", "{id: p, kind: v2, base: ETH, quote: USDC, feeBps: 30, liquidity: 50000000}", bars);
        }
        if (parts.contains("v3")) {
            replay("V3 fills (0.05%, $50M in 400 ranges)",
                    "{id: p, kind: v3, base: ETH, quote: USDC, feeBps: 5, liquidity: 50000000, rangeWidth: 0.6, bands: 400}", bars);
        }
        if (!parts.contains("sweep")) {
            return;
        }

        Path file = Path.of(System.getProperty("consilium.home", ".")).resolve("config/strategies/eth-usdc-rebalance.yaml");
        List<String> bands = new ArrayList<>();
        List<String> caps = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            bands.add(String.valueOf(0.01 * i));
            caps.add(String.format(Locale.ROOT, "%.2f", 0.5 + 0.05 * i));
        }
        Sweep sweep = new Sweep(file, Files.readString(file),
                Sweep.parseParams(List.of("band=" + String.join(",", bands), "risk.maxPosition=" + String.join(",", caps))),
                null, null, null);
        sweep.run(threads, null);
        SweepResult r = sweep.run(threads, null);
        System.out.printf(Locale.ROOT, "sweep of %d runs (eth-usdc-rebalance, 718 daily events each) on %d threads: %d ms%n",
                r.runs().size(), threads, r.wallMillis());
    }
}
