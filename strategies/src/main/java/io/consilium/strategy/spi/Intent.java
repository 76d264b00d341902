package io.consilium.strategy.spi;

import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;

/**
 * What a strategy asks for. Amounts are base units of the named asset; the engine applies risk
 * limits, turns intents into orders and sends them to the execution client.
 */
public sealed interface Intent {

    /** Sell exactly {@code amountIn} of {@code sell} for {@code buy} on {@code pool} (null: the first pool of the pair). */
    record Swap(String pool, String sell, String buy, BigInteger amountIn) implements Intent {
        public Swap {
            Objects.requireNonNull(sell, "sell");
            Objects.requireNonNull(buy, "buy");
            if (amountIn == null || amountIn.signum() <= 0) {
                throw new IllegalArgumentException("swap amount must be positive");
            }
        }
    }

    /** Trade so that each asset's share of equity matches its weight (assets not named go to 0, the rest to the quote). */
    record RebalanceToWeights(Map<String, Double> weights) implements Intent {
        public RebalanceToWeights {
            weights = Map.copyOf(weights);
        }
    }

    /**
     * Open a V3 position on {@code pool} between two prices (quote per base) with up to
     * {@code value} (quote base units) of the portfolio; the engine swaps to the ratio the range
     * needs, then mints.
     */
    record AddLiquidity(String pool, double lowerPrice, double upperPrice, BigInteger value) implements Intent {
        public AddLiquidity {
            Objects.requireNonNull(pool, "pool");
            if (!(lowerPrice > 0 && upperPrice > lowerPrice)) {
                throw new IllegalArgumentException("need 0 < lowerPrice < upperPrice");
            }
        }
    }

    /** Close a position (burn and collect fees); {@code positionId} -1 closes every position on the pool. */
    record RemoveLiquidity(String pool, long positionId) implements Intent {
        public static RemoveLiquidity all(String pool) {
            return new RemoveLiquidity(pool, -1);
        }
    }

    /** Explicitly do nothing this tick. */
    record Hold(String reason) implements Intent {
    }
}
