package io.consilium.strategy.config;

import io.consilium.strategy.StrategyUserError;
import java.util.List;
import java.util.Set;

/** Cross-key rules of a strategy file; the first broken rule becomes a StrategyUserError at file:line:col. */
public final class Checks {
    private final String file;
    private final YamlLocations locations;
    private final Set<String> assets;
    private final String quote;
    private final List<PoolSpec> pools;

    Checks(String file, YamlLocations locations, Set<String> assets, String quote, List<PoolSpec> pools) {
        this.file = file;
        this.locations = locations;
        this.assets = assets;
        this.quote = quote;
        this.pools = pools;
    }

    public void require(boolean ok, String pointer, String message) {
        if (!ok) {
            throw error(pointer, message);
        }
    }

    public StrategyUserError error(String pointer, String message) {
        return new StrategyUserError(file + ":" + locations.at(pointer) + ": " + keyName(pointer) + message);
    }

    StrategyUserError errorAtKey(String pointer, String message) {
        return new StrategyUserError(file + ":" + locations.keyAt(pointer) + ": " + keyName(pointer) + message);
    }

    private static String keyName(String pointer) {
        if (pointer.isEmpty()) {
            return "";
        }
        return pointer.substring(1).replace('/', '.') + ": ";
    }

    public void asset(String symbol, String pointer) {
        if (!assets.contains(symbol)) {
            throw error(pointer, "unknown asset '" + symbol + "'" + DidYouMean.hint(symbol, assets)
                    + "; declare it under assets:");
        }
    }

    public void riskyAsset(String symbol, String pointer) {
        asset(symbol, pointer);
        require(!symbol.equals(quote), pointer, "'" + symbol + "' is the quote asset; name the asset to trade");
    }

    public PoolSpec pool(String id, String pointer) {
        for (PoolSpec p : pools) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw error(pointer, "unknown pool '" + id + "'" + DidYouMean.hint(id, pools.stream().map(PoolSpec::id).toList())
                + "; declare it under pools:");
    }

    public void optionalPool(String id, String pointer) {
        if (id != null) {
            pool(id, pointer);
        }
    }

    public void v3Pool(String id, String pointer) {
        require(pool(id, pointer).kind() == PoolKind.V3, pointer, "pool '" + id + "' must be kind v3");
    }

    public void samePair(String a, String b, String pointer) {
        PoolSpec pa = pool(a, pointer);
        PoolSpec pb = pool(b, pointer);
        require(pa.base().equals(pb.base()) && pa.quote().equals(pb.quote()), pointer,
                "pools '" + a + "' and '" + b + "' must trade the same base/quote pair");
    }

    public void duration(String text, String pointer) {
        require(Durations.parse(text) != null, pointer, "'" + text + "' is not a duration: use e.g. 0, 30s, 15m, 4h, 1d");
    }
}
