package io.consilium.chain.testbed;

import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.Token;

/**
 * A deployed pool. {@code name} is "V2:BASE/QUOTE" or "V3:BASE/QUOTE:FEE"; token0/token1 are in the
 * pool's own (address-sorted) order. {@code fee} is in hundredths of a basis point (V2: 3000);
 * {@code tickSpacing} is 0 for V2.
 */
public record PoolInfo(String name, Kind kind, Address address, Token token0, Token token1, int fee, int tickSpacing) {
    public enum Kind { V2, V3 }
}
