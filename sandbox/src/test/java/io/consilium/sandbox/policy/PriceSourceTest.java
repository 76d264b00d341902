package io.consilium.sandbox.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.chain.domain.Address;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PriceSourceTest {
    static final Address WETH = Address.of("0x00000000000000000000000000000000000000a2");
    static final Address WBTC = Address.of("0x00000000000000000000000000000000000000a3");
    static final Address DAI = Address.of("0x00000000000000000000000000000000000000a4");

    @Test
    void higherOfTakesTheLargerPriceSoAMovedPoolNeverLoosensAUsdCap() {
        PriceSource configured = t -> Optional.ofNullable(Map.of(WETH, 3000.0, WBTC, 60000.0).get(t));
        PriceSource live = t -> Optional.ofNullable(Map.of(WETH, 3500.0, WBTC, 1.0, DAI, 1.0).get(t));
        PriceSource caps = PriceSource.higherOf(configured, live);
        assertEquals(3500.0, caps.usdPrice(WETH).orElseThrow(), "the market rose above the configured price");
        assertEquals(60000.0, caps.usdPrice(WBTC).orElseThrow(), "a pool pushed down does not lower it");
        assertEquals(1.0, caps.usdPrice(DAI).orElseThrow(), "only one source knows it");
        assertTrue(caps.usdPrice(Address.of("0x00000000000000000000000000000000000000ff")).isEmpty());
    }
}
