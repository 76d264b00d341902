package io.consilium.agents.portfolio;

import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.Order;
import io.consilium.agents.messages.Proposal;
import io.consilium.chain.domain.Token;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The one-line summary of a decision for the console, the dashboard and the journal: what goes in and
 * the least that must come out, each in its own token's human units ("swap 500 USDC → ≥ 0.1652 WETH").
 * When sizing cut the proposal down, the proposed amount is shown beside it.
 */
public final class OrderLabel {
    private OrderLabel() {
    }

    public static String proposal(Proposal p, MarketTick tick) {
        return "swap " + amount(p.amountIn(), p.tokenIn(), tick) + " → " + p.tokenOut() + " on " + p.pool();
    }

    public static String order(Proposal p, Order o, MarketTick tick) {
        String s = "swap " + amount(o.amountIn(), o.tokenIn(), tick) + " → ≥ " + amount(o.minAmountOut(), o.tokenOut(), tick)
                + " on " + o.pool();
        if (!o.amountIn().equals(p.amountIn())) {
            s += " (sized down from " + amount(p.amountIn(), p.tokenIn(), tick) + ")";
        }
        return s;
    }

    static String amount(BigInteger units, String symbol, MarketTick tick) {
        Integer decimals = null;
        if (tick != null) {
            for (Token t : tick.tokens()) {
                if (t.symbol().equals(symbol)) {
                    decimals = t.decimals();
                }
            }
        }
        if (decimals == null) {
            return units + " " + symbol + " (base units)";
        }
        BigDecimal human = new BigDecimal(units).movePointLeft(decimals);
        // Enough significant digits to tell amounts apart, never a run of meaningless decimals.
        int scale = Math.max(0, Math.min(decimals, 4 - human.precision() + human.scale()));
        return human.setScale(scale, RoundingMode.DOWN).stripTrailingZeros().toPlainString() + " " + symbol;
    }
}
