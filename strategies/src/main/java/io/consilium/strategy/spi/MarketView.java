package io.consilium.strategy.spi;

import java.time.Instant;
import java.util.List;

/** The market as of {@link #now()}: nothing in it is newer than the event being processed. */
public interface MarketView {

    Instant now();

    /** Market price of the asset in quote units per unit (human units, e.g. USDC per ETH). */
    double price(String asset);

    /** Past prices of the asset up to and including now. */
    PriceSeries history(String asset);

    PoolView pool(String id);

    List<String> poolIds();

    String quote();

    /** Cost in quote units (human) of {@code gasUnits} of gas at the current gas price. */
    double gasCost(long gasUnits);
}
