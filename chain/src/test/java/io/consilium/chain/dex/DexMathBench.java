package io.consilium.chain.dex;

import io.consilium.chain.dex.v2.UniswapV2Math;
import io.consilium.chain.dex.v3.SqrtPriceMath;
import io.consilium.chain.dex.v3.SwapResult;
import io.consilium.chain.dex.v3.V3Pool;
import java.math.BigInteger;
import java.util.SplittableRandom;

/**
 * Quote throughput of the exact DEX math on one thread (one core): V2 getAmountOut, V3 quotes that
 * stay inside one range, and V3 quotes that cross several initialized ticks. Prints, asserts nothing.
 * Run: java -cp chain/target/classes:chain/target/test-classes:$(deps) io.consilium.chain.dex.DexMathBench [seconds]
 */
public final class DexMathBench {
    private static final BigInteger E18 = BigInteger.TEN.pow(18);

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        SplittableRandom rnd = new SplittableRandom(42);
        BigInteger[] amounts = new BigInteger[1024];
        for (int i = 0; i < amounts.length; i++) {
            amounts[i] = E18.multiply(BigInteger.valueOf(rnd.nextLong(1, 1_000_000))).divide(BigInteger.valueOf(1_000));
        }
        BigInteger r0 = E18.multiply(BigInteger.valueOf(10_000));
        BigInteger r1 = BigInteger.valueOf(25_000_000).multiply(BigInteger.TEN.pow(6));

        V3Pool inRange = new V3Pool(3000, 60, SqrtPriceMath.Q96);
        inRange.mint("lp", -887220, 887220, E18.multiply(BigInteger.valueOf(1_000_000)));
        V3Pool crossing = new V3Pool(3000, 60, SqrtPriceMath.Q96);
        crossing.mint("lp", -887220, 887220, E18.multiply(BigInteger.valueOf(1_000)));
        for (int k = 1; k <= 40; k++) {
            crossing.mint("lp" + k, -60 * k, 60 * k, E18.multiply(BigInteger.valueOf(200)));
        }

        for (int round = 0; round < 2; round++) {
            String tag = round == 0 ? "warm-up " : "";
            report(tag + "V2 getAmountOut", seconds, i -> UniswapV2Math.getAmountOut(amounts[i & 1023], r0, r1).signum());
            report(tag + "V3 quote, one range", seconds, i -> quote(inRange, i, amounts));
            int crossed = crossing.quote(true, E18.multiply(BigInteger.valueOf(500)), V3Pool.noLimit(true)).ticksCrossed();
            report(tag + "V3 quote, ~" + crossed + " ticks crossed", seconds,
                    i -> crossing.quote((i & 1) == 0, E18.multiply(BigInteger.valueOf(500)), V3Pool.noLimit((i & 1) == 0)).tick());
        }
    }

    private static int quote(V3Pool pool, int i, BigInteger[] amounts) {
        boolean z = (i & 1) == 0;
        SwapResult r = pool.quote(z, amounts[i & 1023], V3Pool.noLimit(z));
        return r.tick();
    }

    /**
     * Runs for {@code seconds} of this thread's CPU time and reports quotes per CPU-second (what one core
     * does; on a shared machine wall time mostly measures the neighbours) next to the wall-clock rate.
     */
    private static void report(String name, double seconds, java.util.function.IntUnaryOperator op) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = mx.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        long budget = (long) (seconds * 1e9);
        long n = 0;
        long sink = 0;
        while (mx.getCurrentThreadCpuTime() - cpuStart < budget) {
            for (int j = 0; j < 256; j++) {
                sink += op.applyAsInt((int) n++);
            }
        }
        double cpu = (mx.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double wall = (System.nanoTime() - wallStart) / 1e9;
        System.out.printf("%-34s %,12.0f quotes/CPU-s  %,12.0f quotes/wall-s  (%d quotes, sink %d)%n",
                name, n / cpu, n / wall, n, sink & 1);
    }
}
