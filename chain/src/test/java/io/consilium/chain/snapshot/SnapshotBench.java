package io.consilium.chain.snapshot;

import io.consilium.chain.domain.Address;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.snapshot.SnapshotConfig.PoolRef;
import io.consilium.chain.snapshot.SnapshotConfig.PoolType;
import io.consilium.chain.testbed.MarketSim;
import io.consilium.chain.testbed.PoolInfo;
import io.consilium.chain.testbed.Testbed;
import io.consilium.chain.testbed.TestbedOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Measures snapshot reads of 20 pools (6 V2, 14 V3 with their tick windows) and 10 accounts (native +
 * USDC balance each) on the extended testbed: wall time and RPC round trips per snapshot, for a pinned
 * block number, for "latest", and for "latest" while noise traders move prices.
 * Run: mvn -pl chain -am test-compile, then java -cp ... io.consilium.chain.snapshot.SnapshotBench [iterations]
 */
public final class SnapshotBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        try (Testbed tb = Testbed.start(TestbedOptions.defaults().withExtendedMarket(true))) {
            List<PoolRef> pools = new ArrayList<>();
            tb.addressBook().pools().values().stream().sorted(Comparator.comparing(PoolInfo::name)).forEach(p ->
                    pools.add(new PoolRef(p.name(), p.kind() == PoolInfo.Kind.V2 ? PoolType.V2 : PoolType.V3, p.address(), 1)));
            Map<String, Address> tokens = new LinkedHashMap<>();
            tokens.put("USDC", tb.addressBook().token("USDC").address());
            SnapshotConfig cfg = new SnapshotConfig(tb.addressBook().contract("Multicall3"), tokens, tb.accounts(), List.of(), pools);
            System.out.printf("pools=%d (V2 %d, V3 %d), accounts=%d, tokens=%d%n", pools.size(),
                    pools.stream().filter(p -> p.type() == PoolType.V2).count(),
                    pools.stream().filter(p -> p.type() == PoolType.V3).count(), cfg.accounts().size(), tokens.size());
            // the reader's own client, so its round-trip count excludes the noise traders' traffic
            ChainClient c = ChainClient.connect(tb.rpcUrl());
            SnapshotReader reader = new SnapshotReader(c, cfg);
            long t0 = System.nanoTime();
            MarketSnapshot cold = reader.read(ChainClient.LATEST);
            System.out.printf("cold first snapshot: %.2f ms, %d eth_calls (metadata + main + tick follow-ups), %d initialized ticks%n",
                    (System.nanoTime() - t0) / 1e6, reader.lastEthCalls(),
                    cold.v3Pools().stream().mapToInt(p -> p.ticks().size()).sum());
            long block = c.blockNumber();
            run("pinned block number", n, c, reader, block);
            run("latest (header, then call by hash)", n, c, reader, ChainClient.LATEST);
            MarketSim sim = MarketSim.manual(tb, 11);
            AtomicBoolean stop = new AtomicBoolean();
            Thread trader = new Thread(() -> {
                while (!stop.get()) {
                    sim.step();
                }
            });
            trader.start();
            try {
                run("latest while noise traders swap", n, c, reader, ChainClient.LATEST);
            } finally {
                stop.set(true);
                trader.join();
            }
            System.out.printf("noise-trader steps during the last run: %d%n", sim.steps());
        }
    }

    private static void run(String label, int n, ChainClient c, SnapshotReader reader, long block) {
        for (int i = 0; i < 20; i++) {
            reader.read(block);
        }
        double[] ms = new double[n];
        long trips0 = c.roundTrips();
        long ethCalls = 0;
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            reader.read(block);
            ms[i] = (System.nanoTime() - t) / 1e6;
            ethCalls += reader.lastEthCalls();
        }
        Arrays.sort(ms);
        double mean = Arrays.stream(ms).average().orElse(0);
        System.out.printf("%-36s n=%d mean %.2f ms  p50 %.2f  p90 %.2f  p99 %.2f  | HTTP round trips/snapshot %.2f, eth_calls/snapshot %.2f%n",
                label, n, mean, ms[n / 2], ms[(int) (n * 0.9)], ms[Math.min(n - 1, (int) (n * 0.99))],
                (c.roundTrips() - trips0) / (double) n, ethCalls / (double) n);
    }
}
