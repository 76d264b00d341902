package io.consilium.chain.testbed;

/**
 * How to start a {@link Testbed}. {@code port} 0 picks a free loopback port; {@code blockTimeSeconds} 0
 * means automine (a block per transaction — what tests want); {@code marketSim} starts seeded noise
 * traders (dev accounts 7, 8 and 9 — leave those to the simulator); {@code simIntervalMillis} is how
 * often they trade; {@code extendedMarket} adds ten more pools (20 in all) for benchmarks.
 */
public record TestbedOptions(int port, boolean marketSim, long seed, int blockTimeSeconds, long simIntervalMillis,
                             boolean extendedMarket) {
    public TestbedOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (blockTimeSeconds < 0) {
            throw new IllegalArgumentException("negative block time");
        }
        if (simIntervalMillis <= 0) {
            throw new IllegalArgumentException("sim interval must be positive");
        }
    }

    public TestbedOptions(int port, boolean marketSim, long seed, int blockTimeSeconds, long simIntervalMillis) {
        this(port, marketSim, seed, blockTimeSeconds, simIntervalMillis, false);
    }

    /** Free port, automine, no market simulation, the standard ten pools. */
    public static TestbedOptions defaults() {
        return new TestbedOptions(0, false, 1L, 0, 1000, false);
    }

    public TestbedOptions withPort(int p) {
        return new TestbedOptions(p, marketSim, seed, blockTimeSeconds, simIntervalMillis, extendedMarket);
    }

    public TestbedOptions withMarketSim(boolean on, long s) {
        return new TestbedOptions(port, on, s, blockTimeSeconds, simIntervalMillis, extendedMarket);
    }

    public TestbedOptions withBlockTime(int seconds) {
        return new TestbedOptions(port, marketSim, seed, seconds, simIntervalMillis, extendedMarket);
    }

    public TestbedOptions withSimInterval(long millis) {
        return new TestbedOptions(port, marketSim, seed, blockTimeSeconds, millis, extendedMarket);
    }

    public TestbedOptions withExtendedMarket(boolean on) {
        return new TestbedOptions(port, marketSim, seed, blockTimeSeconds, simIntervalMillis, on);
    }
}
