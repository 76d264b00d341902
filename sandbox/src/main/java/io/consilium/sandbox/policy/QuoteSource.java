package io.consilium.sandbox.policy;

import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.sandbox.sim.Simulation;
import java.util.Optional;

/** Quotes the swap a transaction makes (at the simulated block), or empty if it is not a swap it knows. */
@FunctionalInterface
public interface QuoteSource {
    Optional<Quote> quote(Eip1559Tx tx, Simulation simulation);

    QuoteSource NONE = (tx, sim) -> Optional.empty();
}
