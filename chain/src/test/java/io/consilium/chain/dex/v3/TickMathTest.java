package io.consilium.chain.dex.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.dex.DexRevert;
import io.consilium.chain.dex.SharedData;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TickMathTest {
    private static final JsonNode V = SharedData.json("uniswap", "v3-core", "tickmath_vectors.json");

    @Test
    void sqrtRatioAtTickMatchesVectors() {
        int n = 0;
        for (JsonNode r : V.get("getSqrtRatioAtTick")) {
            assertEquals(new BigInteger(r.get("sqrtPriceX96").asText()), TickMath.getSqrtRatioAtTick(r.get("tick").asInt()),
                    "tick " + r.get("tick"));
            n++;
        }
        assertTrue(n >= 28, "vectors read: " + n);
        assertEquals(TickMath.MIN_SQRT_RATIO, TickMath.getSqrtRatioAtTick(TickMath.MIN_TICK));
        assertEquals(TickMath.MAX_SQRT_RATIO, TickMath.getSqrtRatioAtTick(TickMath.MAX_TICK));
        assertThrows(DexRevert.class, () -> TickMath.getSqrtRatioAtTick(TickMath.MAX_TICK + 1));
        assertThrows(DexRevert.class, () -> TickMath.getSqrtRatioAtTick(TickMath.MIN_TICK - 1));
    }

    @Test
    void tickAtSqrtRatioMatchesVectors() {
        int n = 0;
        for (JsonNode r : V.get("getTickAtSqrtRatio")) {
            assertEquals(r.get("tick").asInt(), TickMath.getTickAtSqrtRatio(new BigInteger(r.get("sqrtPriceX96").asText())));
            n++;
        }
        assertTrue(n >= 13, "vectors read: " + n);
        assertThrows(DexRevert.class, () -> TickMath.getTickAtSqrtRatio(TickMath.MAX_SQRT_RATIO));
        assertThrows(DexRevert.class, () -> TickMath.getTickAtSqrtRatio(TickMath.MIN_SQRT_RATIO.subtract(BigInteger.ONE)));
    }

    @Test
    void bitConstantsAreInverseSqrtPowersOf10001() {
        // independent check of the table: getSqrtRatioAtTick(-2^k) ~ 2^96 / sqrt(1.0001)^(2^k) to ~1e-30 relative
        MathContext mc = new MathContext(60);
        BigDecimal sqrt10001 = new BigDecimal("1.0001").sqrt(mc);
        for (int k = 0; k < 20; k++) {
            int t = 1 << k;
            BigDecimal exact = new BigDecimal(BigInteger.ONE.shiftLeft(96)).divide(sqrt10001.pow(t, mc), mc);
            BigDecimal got = new BigDecimal(TickMath.getSqrtRatioAtTick(-t));
            BigDecimal rel = got.subtract(exact).abs().divide(exact, mc);
            assertTrue(rel.compareTo(new BigDecimal("1e-9")) < 0 || got.subtract(exact).abs().compareTo(BigDecimal.TEN) < 0,
                    "tick -" + t + " relative error " + rel);
        }
    }

    @Test
    void tickAtSqrtRatioIsTheGreatestTickAtOrBelowThePrice() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 3000; i++) {
            int t = rnd.nextInt(TickMath.MIN_TICK, TickMath.MAX_TICK);
            BigInteger lo = TickMath.getSqrtRatioAtTick(t);
            BigInteger hi = TickMath.getSqrtRatioAtTick(t + 1);
            BigInteger offset = new BigInteger(hi.subtract(lo).bitLength(), new java.util.Random(rnd.nextLong())).mod(hi.subtract(lo));
            assertEquals(t, TickMath.getTickAtSqrtRatio(lo));
            assertEquals(t, TickMath.getTickAtSqrtRatio(lo.add(offset)));
            assertEquals(t, TickMath.getTickAtSqrtRatio(hi.subtract(BigInteger.ONE)));
        }
    }
}
