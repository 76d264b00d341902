package io.consilium.chain.dex.v3;

import static org.junit.jupiter.api.Assertions.assertFalse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.chain.dex.DexRevert;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The limb swap loop gives what the BigInteger loop gives: the same result or the same revert, and
 * the same pool afterwards (tick fee growth included), on random pools and swaps of every width;
 * and its single step equals the BigInteger-only reference step wherever it does not defer to it.
 */
class LimbSwapEqualityTest {
    private static final BigInteger ONE = BigInteger.ONE;

    @Test
    void stepEqualsReferenceOnRandomAndEdgeInputs() {
        SplittableRandom rnd = new SplittableRandom(11);
        List<BigInteger> edges = FastPathEqualityTest.edges();
        int handled = 0;
        int total = 0;
        for (int i = 0; i < 200_000; i++) {
            BigInteger cur = FastPathEqualityTest.price(rnd);
            BigInteger target = rnd.nextInt(3) == 0 ? cur.add(BigInteger.valueOf(rnd.nextInt(-3, 4)))
                    : FastPathEqualityTest.price(rnd);
            target = target.max(TickMath.MIN_SQRT_RATIO).min(TickMath.MAX_SQRT_RATIO);
            BigInteger liq = rnd.nextInt(10) == 0 ? edges.get(rnd.nextInt(edges.size())).min(ONE.shiftLeft(128).subtract(ONE))
                    : FastPathEqualityTest.random(rnd, 128);
            BigInteger amount = rnd.nextInt(10) == 0 ? edges.get(rnd.nextInt(edges.size())).min(ONE.shiftLeft(255).subtract(ONE))
                    : FastPathEqualityTest.random(rnd, rnd.nextInt(4) == 0 ? 255 : 130);
            int fee = FastPathEqualityTest.FEES[rnd.nextInt(FastPathEqualityTest.FEES.length)];
            total++;
            LimbSwap.Step s = new LimbSwap.Step();
            if (i % 2 == 0) {
                // the swap loop's prepared divisors (10^6 - fee, a one-limb liquidity) give the same step
                s.oneMinusFee = new Limbs.Divisor(1_000_000L - fee);
                s.liq = liq.signum() > 0 && liq.bitLength() < 64 ? new Limbs.Divisor(liq.longValue()) : null;
            }
            boolean ok = LimbSwap.step(Limbs.of(cur), Limbs.of(target), Limbs.of(liq), Limbs.of(amount), fee, s);
            if (!ok) {
                continue;
            }
            handled++;
            SwapMathReference.Step r = SwapMathReference.computeSwapStep(cur, target, liq, amount, fee);
            String what = cur + " " + target + " " + liq + " " + amount + " " + fee;
            assertEquals(r.sqrtRatioNextX96(), Limbs.big(s.next), what);
            assertEquals(r.amountIn(), Limbs.big(s.amountIn), what);
            assertEquals(r.amountOut(), Limbs.big(s.amountOut), what);
            assertEquals(r.feeAmount(), Limbs.big(s.feeAmount), what);
        }
        assertTrue(handled > total * 8 / 10, "the limb step must handle most inputs: " + handled + "/" + total);
    }

    @Test
    void limbsConvertBothWays() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (BigInteger e : FastPathEqualityTest.edges()) {
            assertEquals(e, Limbs.big(Limbs.of(e)));
        }
        for (int i = 0; i < 10_000; i++) {
            BigInteger a = FastPathEqualityTest.random(rnd, 256);
            BigInteger b = FastPathEqualityTest.random(rnd, 256);
            assertEquals(a, Limbs.big(Limbs.of(a)));
            assertEquals(Integer.signum(a.compareTo(b)), Limbs.cmp(Limbs.of(a), Limbs.of(b)));
            BigInteger hi = a.max(b);
            BigInteger lo = a.min(b);
            assertEquals(hi.subtract(lo), Limbs.big(Limbs.sub(Limbs.of(hi), Limbs.of(lo))));
            assertEquals(a.shiftLeft(96), Limbs.big(Limbs.shl(Limbs.of(a), 96)));
            assertEquals(a.shiftLeft(128), Limbs.big(Limbs.shl(Limbs.of(a), 128)));
            boolean[] low = new boolean[1];
            assertEquals(a.shiftRight(96), Limbs.big(Limbs.shr96(Limbs.of(a), low)));
            assertEquals(a.signum() != 0 && a.getLowestSetBit() < 96, low[0]);
            assertEquals(a.add(b).mod(ONE.shiftLeft(256)), Limbs.big(Limbs.wrap256(Limbs.add(Limbs.of(a), Limbs.of(b)))));
            assertEquals(a.doubleValue(), Limbs.toDouble(Limbs.of(a)), Math.abs(a.doubleValue()) * 1e-15);
            BigInteger d = FastPathEqualityTest.random(rnd, 63).max(ONE);
            BigInteger u = a.shiftLeft(rnd.nextInt(70));
            BigInteger[] qr = u.divideAndRemainder(d);
            assertEquals(qr[0], Limbs.big(Limbs.div(Limbs.of(u), d.longValue(), false)), u + " / " + d);
            assertEquals(qr[1].signum() == 0 ? qr[0] : qr[0].add(ONE), Limbs.big(Limbs.div(Limbs.of(u), d.longValue(), true)));
            BigInteger d2 = FastPathEqualityTest.random(rnd, 200).max(ONE);
            BigInteger[] qr2 = u.divideAndRemainder(d2);
            assertEquals(qr2[1].signum() == 0 ? qr2[0] : qr2[0].add(ONE), Limbs.big(Limbs.div(Limbs.of(u), Limbs.of(d2), true)));
        }
    }

    /** A pool with random positions (narrow and wide, small and near-maximal liquidity). */
    private static V3Pool pool(SplittableRandom rnd, int spacing, int fee) {
        V3Pool p = new V3Pool(fee, spacing, TickMath.getSqrtRatioAtTick(rnd.nextInt(-2000, 2000)));
        int n = rnd.nextInt(1, 30);
        BigInteger maxPerTick = V3Pool.maxLiquidityPerTick(spacing);
        for (int k = 0; k < n; k++) {
            int a = Math.floorDiv(rnd.nextInt(-6000, 6000), spacing) * spacing;
            int w = spacing * rnd.nextInt(1, 200);
            BigInteger liq = switch (rnd.nextInt(4)) {
                case 0 -> BigInteger.valueOf(rnd.nextLong(1, 1_000_000));
                case 1 -> FastPathEqualityTest.random(rnd, 110).add(ONE);
                case 2 -> maxPerTick.shiftRight(rnd.nextInt(1, 8));
                default -> BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(rnd.nextLong(1, 1_000_000)));
            };
            try {
                p.mint("lp" + k, a, a + w, liq);
            } catch (DexRevert tooMuch) {
                // the tick's liquidity cap: leave that position out
            }
        }
        if (rnd.nextBoolean()) {
            p.mint("full", V3SimTicks.min(spacing), V3SimTicks.max(spacing), BigInteger.TEN.pow(rnd.nextInt(3, 30)));
        }
        return p;
    }

    /** Full-range ends for a spacing. */
    private static final class V3SimTicks {
        static int min(int spacing) {
            return -(TickMath.MAX_TICK / spacing) * spacing;
        }

        static int max(int spacing) {
            return (TickMath.MAX_TICK / spacing) * spacing;
        }
    }

    private static Object outcome(java.util.function.Supplier<SwapResult> f) {
        try {
            return f.get();
        } catch (DexRevert e) {
            return "revert " + e.getMessage();
        }
    }

    @Test
    void swapsEqualTheBigIntegerLoopOnRandomPools() {
        SplittableRandom rnd = new SplittableRandom(5);
        int[][] tiers = {{100, 1}, {500, 10}, {3000, 60}, {10_000, 200}, {0, 1}};
        long crossed = 0;
        int swaps = 0;
        int onLimbs = 0;
        for (int poolNo = 0; poolNo < 40; poolNo++) {
            int[] tier = tiers[rnd.nextInt(tiers.length)];
            long seed = rnd.nextLong();
            V3Pool fast = pool(new SplittableRandom(seed), tier[1], tier[0]);
            V3Pool big = pool(new SplittableRandom(seed), tier[1], tier[0]);
            for (int i = 0; i < 100; i++) {
                boolean z = fast.tick() > 0 ? rnd.nextInt(3) != 0 : rnd.nextInt(3) == 0;
                BigInteger amount = switch (rnd.nextInt(6)) {
                    case 0 -> ONE.shiftLeft(200);
                    case 1 -> FastPathEqualityTest.random(rnd, 255).add(ONE);
                    case 2 -> BigInteger.valueOf(rnd.nextLong(1, 1000));
                    default -> BigInteger.TEN.pow(rnd.nextInt(6, 24)).multiply(BigInteger.valueOf(rnd.nextLong(1, 100)));
                };
                BigInteger limit = V3Pool.noLimit(z);
                // open-ended amounts get a limit near the price: walking to the far end of the tick range
                // is slow and tests nothing more
                if (amount.bitLength() > 100 || rnd.nextBoolean()) {
                    int t = fast.tick() + (z ? -1 : 1) * rnd.nextInt(1, 3000);
                    t = Math.max(TickMath.MIN_TICK, Math.min(TickMath.MAX_TICK, t));
                    limit = TickMath.getSqrtRatioAtTick(t).add(BigInteger.valueOf(rnd.nextInt(-2, 3)));
                }
                BigInteger lim = limit;
                Object expected = outcome(() -> big.swapBig(z, amount, lim));
                // (the limb loop itself trusts the pool's checks of the limit, so ask it only about valid swaps)
                if (expected instanceof SwapResult && amount.bitLength() < 256 && LimbSwap.run(fast, z, amount, lim,
                        z ? fast.feeGrowthGlobal0X128() : fast.feeGrowthGlobal1X128()) != null) {
                    onLimbs++;
                }
                Object got;
                if (rnd.nextBoolean()) {
                    got = outcome(() -> fast.swap(z, amount, lim));
                } else {
                    got = outcome(() -> fast.commit(fast.quote(z, amount, lim)));
                }
                assertEquals(expected, got, "pool " + poolNo + " swap " + i);
                if (expected instanceof SwapResult r) {
                    crossed += r.ticksCrossed();
                }
                swaps++;
                assertSameState(big, fast);
            }
        }
        assertTrue(crossed > 1000, "the swaps must cross initialized ticks: " + crossed + " in " + swaps);
        assertTrue(onLimbs > swaps * 8 / 10, "most swaps must take the limb loop: " + onLimbs + " of " + swaps);
    }

    static void assertSameState(V3Pool a, V3Pool b) {
        assertEquals(a.sqrtPriceX96(), b.sqrtPriceX96());
        assertEquals(a.tick(), b.tick());
        assertEquals(a.liquidity(), b.liquidity());
        assertEquals(a.feeGrowthGlobal0X128(), b.feeGrowthGlobal0X128());
        assertEquals(a.feeGrowthGlobal1X128(), b.feeGrowthGlobal1X128());
        assertEquals(a.ticks().keySet(), b.ticks().keySet());
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<Integer, TickInfo> e : a.ticks().entrySet()) {
            TickInfo o = b.ticks().get(e.getKey());
            if (!e.getValue().feeGrowthOutside0X128().equals(o.feeGrowthOutside0X128())
                    || !e.getValue().feeGrowthOutside1X128().equals(o.feeGrowthOutside1X128())) {
                diffs.add("tick " + e.getKey());
            }
        }
        assertEquals(List.of(), diffs);
    }

    /** The in-place fee growth step equals floor(fee·2^128 / L) added mod 2^256, and refuses quotients over 256 bits. */
    @Test
    void feeGrowthInPlaceMatchesBigInteger() {
        SplittableRandom rnd = new SplittableRandom(31);
        List<BigInteger> edges = FastPathEqualityTest.edges();
        BigInteger mod = ONE.shiftLeft(256);
        long[] scratch = new long[6];
        for (int i = 0; i < 200_000; i++) {
            long d = switch (i % 5) {
                case 0 -> 1L + rnd.nextInt(3);
                case 1 -> Long.MAX_VALUE - rnd.nextInt(3);
                default -> Math.max(1, rnd.nextLong() >>> rnd.nextInt(1, 64));
            };
            BigInteger fee = rnd.nextInt(8) == 0 ? edges.get(rnd.nextInt(edges.size())).min(mod.subtract(ONE))
                    : FastPathEqualityTest.random(rnd, rnd.nextInt(4) == 0 ? 256 : 90);
            BigInteger growth = rnd.nextInt(8) == 0 ? mod.subtract(BigInteger.valueOf(rnd.nextInt(1, 5)))
                    : FastPathEqualityTest.random(rnd, 256);
            long[] g = java.util.Arrays.copyOf(Limbs.of(growth), 4);
            BigInteger q = fee.shiftLeft(128).divide(BigInteger.valueOf(d));
            boolean ok = Limbs.addFeeGrowth(g, Limbs.of(fee), new Limbs.Divisor(d), scratch);
            if (q.bitLength() > 256) {
                assertFalse(ok);
                assertEquals(growth, Limbs.big(g));
            } else {
                assertTrue(ok);
                assertEquals(growth.add(q).mod(mod), Limbs.big(g));
            }
        }
    }
}
