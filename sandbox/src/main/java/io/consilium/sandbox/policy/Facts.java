package io.consilium.sandbox.policy;

import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.ChainId;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.sandbox.sim.Simulation;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a policy decision looks at: the exact transaction, who sends it, which accounts are ours,
 * the chain id the node reports, the simulation, the time, and an independent quote if there is one.
 */
public record Facts(Eip1559Tx tx, Address from, Set<Address> ours, ChainId nodeChain, Simulation simulation,
                    Instant now, Optional<Quote> quote) {}
