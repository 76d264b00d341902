package io.consilium.strategy.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether outside arbitrageurs keep a simulated pool at the market price between bars. */
public enum PoolSync {
    MARKET, NONE;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PoolSync of(String s) {
        for (PoolSync k : values()) {
            if (k.key().equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown sync '" + s + "': use market or none");
    }
}
