package io.consilium.chain.testbed;

/**
 * How to start a {@link Testbed}. {@code port} 0 picks a free loopback port; {@code blockTimeSeconds} 0
 * means automine (a block per transaction — what tests want); {@code marketSim} starts seeded noise
 * traders; {@code simIntervalMillis} is how often they trade when automining.
 */
public record TestbedOptions(int port, boolean marketSim, long seed, int blockTimeSeconds, long simIntervalMillis) {
    public TestbedOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (blockTimeSeconds < 0) {
            throw new IllegalArgumentException("negative block time");
        }
    }

    /** Free port, automine, no market simulation. */
    public static TestbedOptions defaults() {
        return new TestbedOptions(0, false, 1L, 0, 1000);
    }

    public TestbedOptions withPort(int p) {
        return new TestbedOptions(p, marketSim, seed, blockTimeSeconds, simIntervalMillis);
    }

    public TestbedOptions withMarketSim(boolean on, long s) {
        return new TestbedOptions(port, on, s, blockTimeSeconds, simIntervalMillis);
    }

    public TestbedOptions withBlockTime(int seconds) {
        return new TestbedOptions(port, marketSim, seed, seconds, simIntervalMillis);
    }

    public TestbedOptions withSimInterval(long millis) {
        return new TestbedOptions(port, marketSim, seed, blockTimeSeconds, millis);
    }
}
