package io.consilium.sandbox.policy;

import io.consilium.chain.domain.Address;
import java.util.Optional;

/** USD price of one whole token ({@link Address#ZERO}: the native coin); empty when unknown. */
@FunctionalInterface
public interface PriceSource {
    Optional<Double> usdPrice(Address token);

    /** Prices written in the policy's {@code tokens[].usdPrice}. */
    static PriceSource fromPolicy(Policy p) {
        return t -> Optional.ofNullable(p.tokens().get(t)).map(Policy.TokenLimits::usdPrice);
    }
}
