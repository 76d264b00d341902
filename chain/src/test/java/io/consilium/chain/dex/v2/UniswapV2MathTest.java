package io.consilium.chain.dex.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.dex.DexRevert;
import io.consilium.chain.dex.SharedData;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UniswapV2MathTest {
    @Test
    void getAmountOutMatchesV2CoreVectors() {
        JsonNode rows = SharedData.json("uniswap", "v2-core", "getAmountOut_vectors.json").get("getAmountOut");
        assertEquals(7, rows.size());
        for (JsonNode r : rows) {
            BigInteger in = new BigInteger(r.get("amountIn").asText());
            BigInteger rIn = new BigInteger(r.get("reserveIn").asText());
            BigInteger rOut = new BigInteger(r.get("reserveOut").asText());
            BigInteger expected = new BigInteger(r.get("amountOut").asText());
            assertEquals(expected, UniswapV2Math.getAmountOut(in, rIn, rOut));
            // the vector's amountOut is the maximum the pair accepts: one more must fail the K check
            V2Pool ok = new V2Pool(30, rIn, rOut, BigInteger.ONE);
            ok.swap(in, BigInteger.ZERO, BigInteger.ZERO, expected);
            V2Pool bad = new V2Pool(30, rIn, rOut, BigInteger.ONE);
            DexRevert e = assertThrows(DexRevert.class,
                    () -> bad.swap(in, BigInteger.ZERO, BigInteger.ZERO, expected.add(BigInteger.ONE)));
            assertEquals("UniswapV2: K", e.reason());
        }
    }

    @Test
    void getAmountInIsTheSmallestInputThatBuysTheOutput() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 2000; i++) {
            BigInteger rIn = BigInteger.valueOf(rnd.nextLong(1_000, Long.MAX_VALUE)).multiply(BigInteger.valueOf(rnd.nextInt(1, 1000)));
            BigInteger rOut = BigInteger.valueOf(rnd.nextLong(1_000, Long.MAX_VALUE));
            BigInteger out = rOut.multiply(BigInteger.valueOf(rnd.nextInt(1, 900))).divide(BigInteger.valueOf(1000)).max(BigInteger.ONE);
            int fee = rnd.nextInt(0, 100);
            BigInteger in = UniswapV2Math.getAmountIn(out, rIn, rOut, fee);
            assertTrue(UniswapV2Math.getAmountOut(in, rIn, rOut, fee).compareTo(out) >= 0);
            if (in.compareTo(BigInteger.ONE) > 0) {
                // the contract's "+1" makes the input at most one unit above the minimum
                BigInteger less = in.subtract(BigInteger.TWO);
                if (less.signum() > 0) {
                    assertTrue(UniswapV2Math.getAmountOut(less, rIn, rOut, fee).compareTo(out) < 0);
                }
            }
        }
    }

    @Test
    void feeThirtyBpsEqualsThe997Form() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 1000; i++) {
            BigInteger in = BigInteger.valueOf(rnd.nextLong(1, Long.MAX_VALUE));
            BigInteger rIn = BigInteger.valueOf(rnd.nextLong(1, Long.MAX_VALUE));
            BigInteger rOut = BigInteger.valueOf(rnd.nextLong(1, Long.MAX_VALUE));
            BigInteger inFee = in.multiply(BigInteger.valueOf(997));
            BigInteger expected = inFee.multiply(rOut).divide(rIn.multiply(BigInteger.valueOf(1000)).add(inFee));
            assertEquals(expected, UniswapV2Math.getAmountOut(in, rIn, rOut));
        }
    }

    @Test
    void quoteAndReverts() {
        assertEquals(BigInteger.valueOf(200), UniswapV2Math.quote(BigInteger.valueOf(100), BigInteger.valueOf(5), BigInteger.valueOf(10)));
        assertThrows(DexRevert.class, () -> UniswapV2Math.getAmountOut(BigInteger.ZERO, BigInteger.TEN, BigInteger.TEN));
        assertThrows(DexRevert.class, () -> UniswapV2Math.getAmountOut(BigInteger.ONE, BigInteger.ZERO, BigInteger.TEN));
        assertThrows(DexRevert.class, () -> UniswapV2Math.getAmountIn(BigInteger.TEN, BigInteger.TEN, BigInteger.TEN));
    }

    @Test
    void poolMintSwapBurn() {
        V2Pool pool = new V2Pool(30);
        BigInteger e18 = BigInteger.TEN.pow(18);
        BigInteger lp = pool.mint(e18.multiply(BigInteger.valueOf(4)), e18);
        assertEquals(e18.multiply(BigInteger.TWO).subtract(V2Pool.MINIMUM_LIQUIDITY), lp);
        BigInteger out = pool.swapExactIn(true, e18);
        assertEquals(UniswapV2Math.getAmountOut(e18, e18.multiply(BigInteger.valueOf(4)), e18), out);
        BigInteger in = pool.swapExactOut(false, e18);
        assertTrue(in.signum() > 0);
        BigInteger[] back = pool.burn(lp);
        assertTrue(back[0].signum() > 0 && back[1].signum() > 0);
        assertEquals(V2Pool.MINIMUM_LIQUIDITY, pool.totalSupply());
    }
}
