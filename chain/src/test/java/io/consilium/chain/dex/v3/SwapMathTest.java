package io.consilium.chain.dex.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.dex.SharedData;
import java.math.BigInteger;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SwapMathTest {
    @Test
    void computeSwapStepMatchesV3CoreCases() {
        JsonNode cases = SharedData.json("uniswap", "v3-core", "swapmath_computeSwapStep_vectors.json").get("cases");
        assertEquals(9, cases.size());
        for (JsonNode c : cases) {
            SwapMath.Step s = SwapMath.computeSwapStep(big(c, "sqrtPriceCurrentX96"), big(c, "sqrtPriceTargetX96"),
                    big(c, "liquidity"), big(c, "amountRemaining"), c.get("feePips").asInt());
            JsonNode e = c.get("expected");
            String name = c.get("name").asText();
            assertEquals(big(e, "amountIn"), s.amountIn(), name);
            assertEquals(big(e, "amountOut"), s.amountOut(), name);
            assertEquals(big(e, "feeAmount"), s.feeAmount(), name);
            // two cases carry the next price only as computed by the data set's own port, not asserted upstream
            String priceKey = e.has("sqrtPriceNextX96") ? "sqrtPriceNextX96" : "sqrtPriceNextX96_computed_not_asserted_in_spec";
            assertEquals(big(e, priceKey), s.sqrtRatioNextX96(), name);
        }
    }

    @Test
    void stepInvariantsHoldOnRandomInputs() {
        SplittableRandom rnd = new SplittableRandom(5);
        Random r = new Random(5);
        for (int i = 0; i < 5000; i++) {
            BigInteger cur = TickMath.getSqrtRatioAtTick(rnd.nextInt(-200_000, 200_000)).add(new BigInteger(40, r));
            BigInteger target = TickMath.getSqrtRatioAtTick(rnd.nextInt(-200_000, 200_000));
            BigInteger liq = new BigInteger(rnd.nextInt(1, 120), r).add(BigInteger.ONE);
            BigInteger amount = new BigInteger(rnd.nextInt(1, 200), r).add(BigInteger.ONE);
            if (rnd.nextBoolean()) {
                amount = amount.negate();
            }
            int fee = new int[] {100, 500, 3000, 10000}[rnd.nextInt(4)];
            SwapMath.Step s = SwapMath.computeSwapStep(cur, target, liq, amount, fee);
            boolean zeroForOne = cur.compareTo(target) >= 0;
            if (zeroForOne) {
                assertTrue(s.sqrtRatioNextX96().compareTo(target) >= 0 && s.sqrtRatioNextX96().compareTo(cur) <= 0);
            } else {
                assertTrue(s.sqrtRatioNextX96().compareTo(target) <= 0 && s.sqrtRatioNextX96().compareTo(cur) >= 0);
            }
            if (amount.signum() > 0) {
                assertTrue(s.amountIn().add(s.feeAmount()).compareTo(amount) <= 0, "spent more than the input");
            } else {
                assertTrue(s.amountOut().compareTo(amount.negate()) <= 0, "paid out more than asked");
            }
        }
    }

    private static BigInteger big(JsonNode n, String field) {
        return new BigInteger(n.get(field).asText());
    }
}
