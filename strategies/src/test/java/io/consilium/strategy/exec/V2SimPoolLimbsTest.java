package io.consilium.strategy.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.chain.dex.DexRevert;
import io.consilium.chain.dex.v2.V2Pool;
import io.consilium.strategy.config.PoolKind;
import io.consilium.strategy.config.PoolSpec;
import io.consilium.strategy.config.PoolSync;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The limb pair behaves exactly as the chain's BigInteger V2Pool it replaces: same outputs, reverts,
 * mids, arbitrage trades and recorded volume, also when a reserve crosses 2^112 or an input 2^63.
 */
class V2SimPoolLimbsTest {

    /** The pair as it was before the limbs: a chain V2Pool and the same arbitrage rule on BigIntegers. */
    private static final class Ref {
        final V2Pool pool;
        final PairScale scale;
        final int fee;
        double volume;

        Ref(PoolSpec spec, PairScale scale, BigInteger r0, BigInteger r1) {
            this.scale = scale;
            fee = spec.feeBps();
            pool = new V2Pool(fee, r0, r1, r0.multiply(r1).sqrt());
        }

        double mid() {
            return scale.toHuman(pool.reserve1().doubleValue() / pool.reserve0().doubleValue());
        }

        void commit(boolean sellBase, BigInteger in, BigInteger out, double before) {
            if (sellBase) {
                pool.swap(in, BigInteger.ZERO, BigInteger.ZERO, out);
            } else {
                pool.swap(BigInteger.ZERO, in, out, BigInteger.ZERO);
            }
            volume += sellBase ? scale.baseHuman(in) * before : scale.quoteHuman(in);
        }

        void arbitrageTo(double price) {
            double x = pool.reserve0().doubleValue();
            double y = pool.reserve1().doubleValue();
            double target = scale.toRaw(price);
            double current = y / x;
            if (Math.abs(target / current - 1) < 1e-12) {
                return;
            }
            boolean sellBase = target < current;
            double keep = 1 - fee / 10_000.0;
            double in = sellBase ? V2SimPool.inputToReach(x, y, target, keep) : V2SimPool.inputToReach(y, x, 1 / target, keep);
            BigInteger amountIn = PairScale.toUnits(in, 0);
            if (amountIn.signum() <= 0) {
                return;
            }
            BigInteger out = pool.quoteExactIn(sellBase, amountIn);
            if (out.signum() <= 0) {
                return;
            }
            commit(sellBase, amountIn, out, mid());
        }
    }

    private static PoolSpec spec(int fee, double liquidity) {
        return new PoolSpec("p", PoolKind.V2, "ETH", "USDC", fee, null, BigDecimal.valueOf(liquidity), null, PoolSync.MARKET,
                null, null, null);
    }

    private static String outcome(java.util.function.Supplier<Object> op) {
        try {
            return String.valueOf(op.get());
        } catch (DexRevert e) {
            return "revert " + e.getMessage();
        }
    }

    /** Returns how often the pair switched between limbs and BigIntegers, and how many stale quotes were executed. */
    private static int[] replay(long seed, int fee, double liquidity, int baseDecimals, int quoteDecimals, double start, int maxBits) {
        PoolSpec spec = spec(fee, liquidity);
        PairScale scale = new PairScale(baseDecimals, quoteDecimals, true);
        double half = liquidity / 2;
        V2SimPool sim = new V2SimPool(spec, baseDecimals, quoteDecimals, start);
        assertEquals(scale.baseUnits(half / start), sim.reserve0());
        assertEquals(scale.quoteUnits(half), sim.reserve1());
        return replay(seed, spec, sim, new Ref(spec, scale, sim.reserve0(), sim.reserve1()), maxBits);
    }

    private static int[] replay(long seed, PoolSpec spec, V2SimPool sim, Ref ref, int maxBits) {
        SplittableRandom rnd = new SplittableRandom(seed);
        SwapFill stale = null;
        int switches = 0;
        int staleRuns = 0;
        boolean limbs = sim.limbs();
        for (int i = 0; i < 4_000; i++) {
            String at = "seed " + seed + " op " + i;
            int op = rnd.nextInt(10);
            if (op < 3) {
                double price = sim.mid() * Math.exp(rnd.nextGaussian() * (rnd.nextBoolean() ? 0.001 : 0.05));
                sim.arbitrageTo(price, i);
                ref.arbitrageTo(price);
            } else if (op == 3 && stale != null) {
                // a quote executed after the pair moved: the pair's K check decides, as on chain
                SwapFill q = stale;
                double before = ref.mid();
                String a = outcome(() -> sim.execute(q, 0).amountOut());
                String b = outcome(() -> {
                    ref.commit(q.sellBase(), q.amountIn(), q.amountOut(), before);
                    return q.amountOut();
                });
                assertEquals(b, a, at);
                stale = null;
                staleRuns++;
            } else {
                boolean sellBase = rnd.nextBoolean();
                BigInteger in = V2LimbsTest.random(rnd, maxBits);
                if (rnd.nextInt(50) == 0) {
                    in = rnd.nextBoolean() ? BigInteger.ZERO : in.negate();
                }
                BigInteger input = in;
                String a = outcome(() -> sim.quote(sellBase, input).amountOut());
                String b = outcome(() -> ref.pool.quoteExactIn(sellBase, input));
                assertEquals(b, a, at);
                if (!a.startsWith("revert") && new BigInteger(a).signum() > 0 && rnd.nextInt(4) != 0) {
                    SwapFill q = sim.quote(sellBase, input);
                    assertEquals(input.multiply(BigInteger.valueOf(spec.feeBps())).divide(BigInteger.valueOf(10_000)), q.feeIn(), at);
                    if (rnd.nextInt(3) == 0) {
                        // quote and swap in one call, against a minimum output just above or at the quote
                        BigInteger min = q.amountOut().add(BigInteger.valueOf(rnd.nextInt(2)));
                        double before = ref.mid();
                        SwapFill f = sim.fill(sellBase, input, min, i);
                        if (min.compareTo(q.amountOut()) > 0) {
                            assertEquals(null, f, at);
                        } else {
                            ref.commit(sellBase, input, ref.pool.quoteExactIn(sellBase, input), before);
                            assertEquals(q, new SwapFill(f.pool(), f.sellBase(), f.amountIn(), f.amountOut(), f.feeIn(), q.midBefore(),
                                    Double.NaN, 0), at);
                            assertEquals(ref.mid(), f.midAfter(), at);
                        }
                    } else if (rnd.nextInt(5) == 0) {
                        stale = q;
                    } else {
                        double before = ref.mid();
                        SwapFill f = sim.execute(q, i);
                        ref.commit(sellBase, input, ref.pool.quoteExactIn(sellBase, input), before);
                        assertEquals(q.amountOut(), f.amountOut(), at);
                        assertEquals(before, f.midBefore(), at);
                    }
                }
            }
            assertEquals(ref.pool.reserve0(), sim.reserve0(), at);
            assertEquals(ref.pool.reserve1(), sim.reserve1(), at);
            assertEquals(ref.mid(), sim.mid(), at);
            assertEquals(ref.volume, sim.volumeSince(Long.MIN_VALUE), at);
            if (sim.limbs() != limbs) {
                switches++;
                limbs = sim.limbs();
            }
        }
        assertTrue(staleRuns > 10);
        return new int[] {switches, staleRuns};
    }

    @Test
    void aUsualPairMatchesTheChainPairOpByOp() {
        replay(1, 30, 50_000_000, 18, 6, 2000, 70);
        replay(2, 5, 1_000, 18, 6, 2000, 64);
        replay(3, 100, 1e9, 6, 18, 0.0005, 90);
    }

    @Test
    void reservesAround2To112AndInputsAround2To63TakeTheBigIntegerPathExactly() {
        // reserve0 just below 2^112: swaps push it over and back
        double start = 5e6 * 1e30 / (Math.pow(2, 112) - Math.pow(2, 100));
        int switches = 0;
        for (long seed = 40; seed < 46; seed++) {
            switches += replay(seed, 30, 1e7, 30, 6, start, 110)[0];
        }
        assertTrue(switches >= 4, "crossed 2^112 both ways: " + switches);
        // wider than the limbs from the start
        replay(5, 30, 1e7, 36, 6, 2000, 120);
        replay(6, 9_999, 1e7, 18, 18, 1, 66);
        // reserve0 within 2^63 of 2^112: limb inputs below 2^63 push it over
        PoolSpec spec = spec(30, 1e7);
        PairScale scale = new PairScale(30, 6, true);
        BigInteger r0 = BigInteger.TWO.pow(112).subtract(BigInteger.TWO.pow(62)).subtract(BigInteger.valueOf(5));
        BigInteger r1 = BigInteger.TEN.pow(13);
        V2SimPool sim = new V2SimPool(spec, scale, r0, r1);
        int[] near = replay(7, spec, sim, new Ref(spec, scale, r0, r1), 63);
        assertTrue(near[0] >= 1, "crossed 2^112 on limb inputs: " + java.util.Arrays.toString(near));
    }
}
