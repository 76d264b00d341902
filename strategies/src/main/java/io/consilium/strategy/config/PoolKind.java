package io.consilium.strategy.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Uniswap V2 constant-product or V3 concentrated-liquidity pool. */
public enum PoolKind {
    V2, V3;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PoolKind of(String s) {
        for (PoolKind k : values()) {
            if (k.key().equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown pool kind '" + s + "': use v2 or v3");
    }
}
