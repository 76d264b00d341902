package io.consilium.sandbox.policy;

import io.consilium.chain.domain.Address;
import java.util.Optional;

/** USD price of one whole token ({@link Address#ZERO}: the native coin); empty when unknown. */
@FunctionalInterface
public interface PriceSource {
    Optional<Double> usdPrice(Address token);

    /**
     * Each token at the higher of two sources' prices (either may be empty). Caps in USD only get stricter this way:
     * a pool pushed down cannot loosen them, and a stale static price cannot either when the market has risen.
     */
    static PriceSource higherOf(PriceSource a, PriceSource b) {
        return t -> {
            Optional<Double> x = a.usdPrice(t);
            Optional<Double> y = b.usdPrice(t);
            if (x.isEmpty() || y.isEmpty()) {
                return x.isEmpty() ? y : x;
            }
            return Optional.of(Math.max(x.get(), y.get()));
        };
    }

    /** Prices written in the policy's {@code tokens[].usdPrice}. */
    static PriceSource fromPolicy(Policy p) {
        return t -> Optional.ofNullable(p.tokens().get(t)).map(Policy.TokenLimits::usdPrice);
    }
}
