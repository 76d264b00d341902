package io.consilium.strategy.config;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Rules that tie the top-level keys together: every symbol and pool reference resolves, dates parse. */
final class CrossChecks {
    private CrossChecks() {
    }

    static void check(RawConfig raw, Checks c) {
        c.asset(raw.quote(), "/quote");
        for (Map.Entry<String, AssetSpec> e : raw.assets().entrySet()) {
            String a = e.getValue().address();
            c.require(a == null || a.matches("0x[0-9a-fA-F]{40}"), "/assets/" + e.getKey() + "/address",
                    "'" + a + "' is not an address (0x + 40 hex digits)");
        }
        c.require(raw.assets().size() >= 2, "/assets", "declare at least the quote and one asset to trade");
        c.require(!raw.pools().isEmpty(), "/pools", "declare at least one pool");
        Set<String> ids = new HashSet<>();
        boolean anyEvents = false;
        for (int i = 0; i < raw.pools().size(); i++) {
            PoolSpec p = raw.pools().get(i);
            String at = "/pools/" + i;
            c.require(ids.add(p.id()), at + "/id", "duplicate pool id '" + p.id() + "'");
            c.riskyAsset(p.base(), at + "/base");
            c.asset(p.quote(), at + "/quote");
            c.require(p.quote().equals(raw.quote()), at + "/quote",
                    "pools must be priced in the strategy's quote asset '" + raw.quote() + "'");
            if (p.kind() == PoolKind.V3) {
                c.require(p.feeBps() * 100 < 1_000_000, at + "/feeBps", "fee must be below 100%");
            } else {
                c.require(p.rangeWidth() == null, at + "/rangeWidth", "rangeWidth applies to v3 pools only");
                c.require(p.tickSpacing() == null, at + "/tickSpacing", "tickSpacing applies to v3 pools only");
                c.require(p.bands() == 1, at + "/bands", "bands applies to v3 pools only");
            }
            if (p.replaysEvents()) {
                anyEvents = true;
                c.require(p.kind() == PoolKind.V3, at + "/events", "recorded swaps replay into v3 pools only");
                c.require(p.token0() != null, at + "/token0",
                        "with events, name the pool's token0 (e.g. token0: USDC for the mainnet USDC/WETH pools)");
                c.require(p.token0().equals(p.base()) || p.token0().equals(p.quote()), at + "/token0",
                        "token0 must be '" + p.base() + "' or '" + p.quote() + "'");
                c.require(p.liquidity() == null, at + "/liquidity",
                        "a pool replaying events takes its liquidity from the recording; remove liquidity:");
            } else {
                c.require(p.liquidity() != null && p.liquidity().signum() > 0, at,
                        "missing required key 'liquidity' (simulated depth in quote units) for a simulated pool");
                c.require(p.token0() == null, at + "/token0", "token0 applies to pools with events only");
            }
        }
        DataSpec d = raw.data();
        c.require(d.bars() != null || anyEvents, "/data",
                "give data.bars (an OHLCV file) or a pool with events: (recorded swaps)");
        if (d.columns() != null) {
            d.columns().keySet().forEach(k -> c.riskyAsset(k, "/data/columns/" + k));
        }
        LocalDate from = date(d.from(), "/data/from", c);
        LocalDate to = date(d.to(), "/data/to", c);
        if (from != null && to != null) {
            c.require(!to.isBefore(from), "/data/to", "to (" + to + ") is before from (" + from + ")");
        }
        for (Map.Entry<String, BigDecimal> e : raw.capital().entrySet()) {
            String at = "/capital/" + e.getKey();
            c.asset(e.getKey(), at);
            c.require(e.getValue().signum() >= 0, at, "capital cannot be negative");
            int dec = raw.assets().get(e.getKey()).decimals();
            c.require(e.getValue().stripTrailingZeros().scale() <= dec, at,
                    e.getValue() + " has more than " + dec + " decimals");
        }
        c.require(raw.capital().values().stream().anyMatch(v -> v.signum() > 0), "/capital", "start with some capital");
        if (raw.schedule() != null) {
            c.duration(raw.schedule().interval(), "/schedule/interval");
        }
        if (raw.benchmark() != null && raw.benchmark().weights() != null) {
            double sum = 0;
            for (Map.Entry<String, Double> e : raw.benchmark().weights().entrySet()) {
                c.asset(e.getKey(), "/benchmark/weights/" + e.getKey());
                sum += e.getValue();
            }
            c.require(Math.abs(sum - 1) < 1e-9, "/benchmark/weights", "benchmark weights must sum to 1");
        }
    }

    private static LocalDate date(String s, String pointer, Checks c) {
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw c.error(pointer, "'" + s + "' is not a date: use YYYY-MM-DD");
        }
    }
}
