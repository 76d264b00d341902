package io.consilium.agents.portfolio;

import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.PoolState;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Marks tokens to the quote token from a tick's pools (quote per whole token; display and risk only). */
public final class Prices {
    private Prices() {
    }

    public static Map<String, Double> inQuote(MarketTick tick, String quote) {
        Map<String, Double> px = new HashMap<>();
        px.put(quote, 1.0);
        // Pools against the quote first (V3 before V2: the deeper testbed pools), then one hop through a
        // token already priced, so a thin cross pair never sets a price a direct pool could.
        List<PoolState> ordered = new ArrayList<>(tick.pools());
        ordered.sort(Comparator.comparing((PoolState p) -> !(p.token0().symbol().equals(quote)
                || p.token1().symbol().equals(quote))).thenComparing(p -> !"V3".equals(p.kind())));
        for (int pass = 0; pass < 2; pass++) {
            for (PoolState p : ordered) {
                if (!(p.price() > 0) || (pass == 0 && !p.token0().symbol().equals(quote) && !p.token1().symbol().equals(quote))) {
                    continue;
                }
                String a = p.token0().symbol();
                String b = p.token1().symbol();
                if (px.containsKey(b) && !px.containsKey(a)) {
                    px.put(a, p.price() * px.get(b));
                } else if (px.containsKey(a) && !px.containsKey(b)) {
                    px.put(b, px.get(a) / p.price());
                }
            }
        }
        if (px.containsKey("WETH")) {
            px.putIfAbsent("ETH", px.get("WETH"));
        }
        return px;
    }

    /** Value in quote units (human) of a base-unit amount. */
    public static double value(BigInteger units, int decimals, double price) {
        return new BigDecimal(units).movePointLeft(decimals).doubleValue() * price;
    }
}
